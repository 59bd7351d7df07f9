// The control API under /sim: clock, faults, rate limits, world edits, call counts, reset.
// Not part of Strava; JSON errors in the house { code, message } shape.
import type { FastifyPluginAsync } from 'fastify';
import { announceActivity, announceAppeared, deauthorize } from '../announce.ts';
import { parseInstant } from '../clock.ts';
import { ControlError } from '../errors.ts';
import { addApp, resetSim, type Sim, type SimApp } from '../options.ts';
import {
  ActivityPatchBody,
  AppBody,
  ClockAdvance,
  ClockSet,
  EventBody,
  FaultBody,
  IdParams,
  LimitsBody,
  NewActivityBody,
  TokenBody,
} from '../schemas.ts';
import { splitScope } from './params.ts';

const notFound = (what: string): ControlError => new ControlError(404, 'NOT_FOUND', `${what} not found`);

function clockView(sim: Sim) {
  return sim.clock.toJSON();
}

/** An application as the control API shows it (never its secret): its limits, usage and grants. */
function appView(sim: Sim, a: SimApp) {
  return {
    clientId: a.clientId,
    main: a.clientId === sim.options.clientId,
    rateLimits: a.limiter.snapshot(),
    grants: sim.tokens.grantsOf(a.clientId).map((g) => g.athleteId),
  };
}

export function controlRoutes(sim: Sim): FastifyPluginAsync {
  return async (app) => {
    app.get('/', async () => ({
      simulator: 'strava-sim',
      clientId: sim.options.clientId,
      clock: clockView(sim),
      athletes: sim.world.athletes.length,
      rateLimits: sim.limiter.snapshot(),
      subscription: sim.webhooks.get(sim.options.clientId),
    }));

    app.get('/clock', async () => clockView(sim));

    app.put<{ Body: ClockSet }>('/clock', { schema: { body: ClockSet } }, async (request) => {
      const { now, frozen } = request.body;
      if (frozen === true) sim.clock.freeze();
      if (now !== undefined) {
        const ms = parseInstant(now);
        if (ms === null) throw new ControlError(400, 'BAD_REQUEST', 'now is not a valid instant');
        sim.clock.set(ms);
      }
      if (frozen === false) sim.clock.unfreeze();
      if (sim.clock.now() < sim.announcedUntil) sim.announcedUntil = sim.clock.now();
      announceAppeared(sim);
      return clockView(sim);
    });

    app.post<{ Body: ClockAdvance }>('/clock/advance', { schema: { body: ClockAdvance } }, async (request) => {
      const b = request.body;
      let ms =
        (b.ms ?? 0) +
        (b.seconds ?? 0) * 1000 +
        (b.minutes ?? 0) * 60_000 +
        (b.hours ?? 0) * 3_600_000 +
        (b.days ?? 0) * 86_400_000;
      if (b.toNextWindow) ms += 900_000 - (sim.clock.now() % 900_000);
      sim.clock.advance(ms);
      if (sim.clock.now() < sim.announcedUntil) sim.announcedUntil = sim.clock.now();
      announceAppeared(sim);
      return clockView(sim);
    });

    app.get('/athletes', async () =>
      sim.world.athletes.map((a) => {
        const g = sim.tokens.grantOf(sim.options.clientId, a.id);
        return {
          id: a.id,
          index: a.index,
          firstname: a.firstname,
          lastname: a.lastname,
          city: a.place.city,
          timezone: a.place.timeZone,
          historyActivities: sim.world.historyCount(a.index),
          authorized: g !== null,
          scope: g?.scope.join(',') ?? null,
        };
      }),
    );

    app.get<{ Params: IdParams }>('/athletes/:id', { schema: { params: IdParams } }, async (request) => {
      const a = sim.world.athlete(Number(request.params.id));
      if (!a) throw notFound('athlete');
      const timeline = sim.world.timeline(a, sim.clock.now()).filter((s) => !s.ghost);
      const bySport: Record<string, number> = {};
      for (const s of timeline) bySport[s.sportType] = (bySport[s.sportType] ?? 0) + 1;
      const g = sim.tokens.grantOf(sim.options.clientId, a.id);
      return {
        id: a.id,
        firstname: a.firstname,
        lastname: a.lastname,
        city: a.place.city,
        timezone: a.place.timeZone,
        authorized: g !== null,
        scope: g?.scope.join(',') ?? null,
        activities: {
          visible: timeline.length,
          private: timeline.filter((s) => s.visibility === 'only_me').length,
          bySport,
        },
        newest: timeline.at(-1)
          ? { id: timeline.at(-1)!.id, start_date: new Date(timeline.at(-1)!.startMs).toISOString() }
          : null,
        oldest: timeline[0] ? { id: timeline[0].id, start_date: new Date(timeline[0].startMs).toISOString() } : null,
      };
    });

    app.get<{ Params: IdParams; Querystring: { include_private?: string } }>(
      '/athletes/:id/activity-ids',
      { schema: { params: IdParams } },
      async (request) => {
        const a = sim.world.athlete(Number(request.params.id));
        if (!a) throw notFound('athlete');
        const withPrivate = request.query.include_private !== 'false';
        return sim.world
          .timeline(a, sim.clock.now())
          .filter((s) => !s.ghost && (withPrivate || s.visibility !== 'only_me'))
          .map((s) => s.id)
          .reverse();
      },
    );

    app.post<{ Params: IdParams; Body: NewActivityBody }>(
      '/athletes/:id/activities',
      { schema: { params: IdParams, body: NewActivityBody } },
      async (request, reply) => {
        const a = sim.world.athlete(Number(request.params.id));
        if (!a) throw notFound('athlete');
        const { start_date, ...rest } = request.body;
        const startMs = start_date !== undefined ? parseInstant(start_date) : undefined;
        if (startMs === null) throw new ControlError(400, 'BAD_REQUEST', 'start_date is not a valid instant');
        const s = sim.world.create(
          a,
          { ...rest, ...(startMs !== undefined ? { start_date: startMs } : {}) },
          sim.clock.now(),
        );
        const webhook = announceActivity(sim, a.id, s, 'create');
        return reply.code(201).send({ activity: sim.world.summary(a, s), webhook });
      },
    );

    app.get<{ Params: IdParams }>(
      '/activities/:id/export.gpx',
      { schema: { params: IdParams } },
      async (request, reply) => {
        const f = sim.world.find(Number(request.params.id));
        if (!f) throw notFound('activity');
        const gpx = sim.world.gpx(f.athlete, f.skeleton);
        if (gpx === null) throw new ControlError(409, 'NO_GPS', 'this activity has no GPS track');
        return reply
          .type('application/gpx+xml')
          .header('content-disposition', `attachment; filename="${f.skeleton.id}.gpx"`)
          .send(gpx);
      },
    );

    app.put<{ Params: IdParams; Body: ActivityPatchBody }>(
      '/activities/:id',
      { schema: { params: IdParams, body: ActivityPatchBody } },
      async (request) => {
        const f = sim.world.find(Number(request.params.id));
        if (!f) throw notFound('activity');
        const updates = sim.world.update(f.skeleton, request.body);
        const webhook =
          Object.keys(updates).length > 0 ? announceActivity(sim, f.athlete.id, f.skeleton, 'update', updates) : false;
        return { activity: sim.world.summary(f.athlete, f.skeleton), updates, webhook };
      },
    );

    app.delete<{ Params: IdParams }>('/activities/:id', { schema: { params: IdParams } }, async (request) => {
      const f = sim.world.find(Number(request.params.id));
      if (!f) throw notFound('activity');
      sim.world.remove(f.skeleton);
      return { deleted: f.skeleton.id, webhook: announceActivity(sim, f.athlete.id, f.skeleton, 'delete') };
    });

    app.post<{ Params: IdParams }>('/athletes/:id/deauthorize', { schema: { params: IdParams } }, async (request) => {
      const id = Number(request.params.id);
      if (!sim.world.athlete(id)) throw notFound('athlete');
      return { revoked: deauthorize(sim, id) };
    });

    app.post<{ Body: TokenBody }>('/tokens', { schema: { body: TokenBody } }, async (request) => {
      const a = sim.world.athlete(request.body.athlete_id);
      if (!a) throw notFound('athlete');
      const scope = splitScope(request.body.scope ?? 'read,activity:read_all');
      const g = sim.tokens.grant(sim.options.clientId, a.id, scope.includes('read') ? scope : ['read', ...scope]);
      return {
        ...sim.tokens.tokensOf(g),
        scope: g.scope.join(','),
        athlete: sim.world.athleteJson(a, false, sim.clock.now()),
      };
    });

    app.post<{ Params: IdParams }>('/athletes/:id/expire-token', { schema: { params: IdParams } }, async (request) => {
      return { expired: sim.tokens.expireAccess(sim.options.clientId, Number(request.params.id)) };
    });

    app.get('/faults', async () => sim.faults.list());
    app.post<{ Body: FaultBody }>('/faults', { schema: { body: FaultBody } }, async (request, reply) => {
      return reply.code(201).send(sim.faults.add(request.body));
    });
    app.delete('/faults', async (_request, reply) => {
      sim.faults.clear();
      return reply.code(204).send();
    });
    app.delete<{ Params: IdParams }>('/faults/:id', { schema: { params: IdParams } }, async (request, reply) => {
      if (!sim.faults.remove(Number(request.params.id))) throw notFound('fault');
      return reply.code(204).send();
    });

    app.get('/rate-limits', async () => sim.limiter.snapshot());
    app.put<{ Body: LimitsBody }>('/rate-limits', { schema: { body: LimitsBody } }, async (request) => {
      const { resetUsage, ...limits } = request.body;
      sim.limiter.setLimits(limits);
      if (resetUsage) sim.limiter.resetUsage();
      return sim.limiter.snapshot();
    });

    // More API applications (Strava's access tiers: a few athletes per application), each with its own secret, grants and limits.
    app.get('/apps', async () => [...sim.apps.values()].map((a) => appView(sim, a)));
    app.post<{ Body: AppBody }>('/apps', { schema: { body: AppBody } }, async (request, reply) => {
      const { client_id, client_secret, limits } = request.body;
      return reply.code(201).send(appView(sim, addApp(sim, client_id, client_secret, limits ?? {})));
    });
    app.put<{ Params: IdParams; Body: LimitsBody }>(
      '/apps/:id/rate-limits',
      { schema: { params: IdParams, body: LimitsBody } },
      async (request) => {
        const a = sim.apps.get(String(request.params.id));
        if (!a) throw notFound('application');
        const { resetUsage, ...limits } = request.body;
        a.limiter.setLimits(limits);
        if (resetUsage) a.limiter.resetUsage();
        return appView(sim, a);
      },
    );

    app.get('/calls', async () => sim.calls.snapshot());
    app.delete('/calls', async (_request, reply) => {
      sim.calls.reset();
      return reply.code(204).send();
    });

    app.get('/webhooks', async () => ({
      subscription: sim.webhooks.get(sim.options.clientId),
      deliveries: sim.webhooks.deliveries,
    }));
    app.post<{ Body: EventBody }>('/webhooks/events', { schema: { body: EventBody } }, async (request, reply) => {
      const d = sim.webhooks.emit(sim.options.clientId, {
        ...request.body,
        updates: request.body.updates ?? {},
        event_time: sim.clock.nowSeconds(),
      });
      if (!d) throw new ControlError(409, 'NO_SUBSCRIPTION', 'the application has no push subscription');
      return reply.code(202).send(d.event);
    });
    app.post('/webhooks/idle', async () => {
      await sim.webhooks.idle();
      return { deliveries: sim.webhooks.deliveries.length };
    });

    app.post('/reset', async () => {
      resetSim(sim);
      return { reset: true, clock: clockView(sim) };
    });
  };
}
