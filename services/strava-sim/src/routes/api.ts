// Strava API v3 (the read side a sync client uses). Bearer tokens only.
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { badRequest, invalidAccessToken, missingPermission, notFound } from '../errors.ts';
import type { Sim } from '../options.ts';
import type { Authenticated } from '../tokens.ts';
import { setCallAthlete } from '../hooks.ts';

export function authenticate(sim: Sim, request: FastifyRequest): Authenticated {
  const m = /^Bearer\s+(\S+)\s*$/i.exec(request.headers.authorization ?? '');
  // A token in the query string (?access_token=) is refused, like Strava does nowadays.
  const auth = m ? sim.tokens.authenticate(m[1]!) : null;
  if (!auth) throw invalidAccessToken();
  setCallAthlete(request, auth.athleteId);
  return auth;
}

function requireActivityRead(auth: Authenticated): { readAll: boolean } {
  const readAll = auth.scope.includes('activity:read_all');
  if (!readAll && !auth.scope.includes('activity:read')) throw missingPermission('activity:read');
  return { readAll };
}

function intParam(v: unknown, name: string): number | undefined {
  if (v === undefined || v === '') return undefined;
  const n = Number(v);
  if (!Number.isFinite(n)) throw badRequest('Activity', name);
  return Math.floor(n);
}

/** The activity the token may see, or 404 Record Not Found. */
function ownActivity(sim: Sim, auth: Authenticated, rawId: string) {
  const { readAll } = requireActivityRead(auth);
  const id = /^\d+$/.test(rawId) ? Number(rawId) : NaN;
  const found = sim.world.findVisible(id, sim.clock.now());
  if (!found || found.athlete.id !== auth.athleteId) throw notFound('Activity');
  if (found.skeleton.visibility === 'only_me' && !readAll) throw notFound('Activity');
  return found;
}

export function apiRoutes(sim: Sim): FastifyPluginAsync {
  return async (app) => {
    app.get('/athlete', async (request) => {
      const auth = authenticate(sim, request);
      const a = sim.world.athlete(auth.athleteId)!;
      return sim.world.athleteJson(a, auth.scope.includes('profile:read_all'), sim.clock.now());
    });

    app.get<{ Querystring: Record<string, string> }>('/athlete/activities', async (request) => {
      const auth = authenticate(sim, request);
      const { readAll } = requireActivityRead(auth);
      const q = request.query;
      const before = intParam(q.before, 'before');
      const after = intParam(q.after, 'after');
      const page = Math.max(1, intParam(q.page, 'page') ?? 1);
      let perPage = intParam(q.per_page, 'per_page') ?? 30;
      if (perPage > 200) throw badRequest('Activities', 'per_page');
      if (perPage < 1) perPage = 30;
      const a = sim.world.athlete(auth.athleteId)!;
      const now = sim.clock.now();
      let list = sim.world
        .timeline(a, now)
        .filter(
          (s) =>
            (before === undefined || s.startMs < before * 1000) && (after === undefined || s.startMs > after * 1000),
        );
      // Strava pages first and filters after: hidden activities still take their slot, so a
      // page can come back short before the end. Without shortPages only private ones do.
      if (!sim.options.shortPages) list = list.filter((s) => !s.ghost);
      const ascending = sim.options.listOrder === 'strava' && after !== undefined && before === undefined;
      if (!ascending) list = list.slice().reverse();
      const slice = list
        .slice((page - 1) * perPage, page * perPage)
        .filter((s) => !s.ghost && (readAll || s.visibility !== 'only_me'));
      // Summaries are computed from 1 Hz tracks the first time (~0.7 ms each): yield now and
      // then so a cold page of 200 does not stall the other services sharing this event loop.
      const out = [];
      for (let i = 0; i < slice.length; i++) {
        out.push(sim.world.summary(a, slice[i]!));
        if (i % 10 === 9) await new Promise((resolve) => setImmediate(resolve));
      }
      return out;
    });

    app.get<{ Params: { id: string } }>('/activities/:id', async (request) => {
      const auth = authenticate(sim, request);
      const { athlete, skeleton } = ownActivity(sim, auth, request.params.id);
      return sim.world.detail(athlete, skeleton);
    });

    app.get<{ Params: { id: string } }>('/activities/:id/laps', async (request) => {
      const auth = authenticate(sim, request);
      const { athlete, skeleton } = ownActivity(sim, auth, request.params.id);
      return sim.world.laps(athlete, skeleton);
    });

    app.get<{ Params: { id: string }; Querystring: Record<string, string | string[]> }>(
      '/activities/:id/streams',
      async (request) => {
        const auth = authenticate(sim, request);
        const { athlete, skeleton } = ownActivity(sim, auth, request.params.id);
        const raw = request.query.keys;
        const keys = (Array.isArray(raw) ? raw : [raw ?? ''])
          .flatMap((k) => k.split(','))
          .map((k) => k.trim())
          .filter(Boolean);
        const keyByType = String(request.query.key_by_type ?? 'false') === 'true';
        return sim.world.streams(athlete, skeleton, keys, keyByType);
      },
    );
  };
}
