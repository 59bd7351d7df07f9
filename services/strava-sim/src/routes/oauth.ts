// OAuth 2 authorization code flow as www.strava.com/oauth does it.
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { deauthorize } from '../announce.ts';
import { authorizePage, type AuthorizeRequest } from '../authorize-page.ts';
import { badClient, badRequest, invalidAccessToken } from '../errors.ts';
import type { Sim } from '../options.ts';
import { many, one, params, splitScope, type Params } from './params.ts';

const KNOWN_SCOPES = new Set([
  'read',
  'read_all',
  'profile:read_all',
  'profile:write',
  'activity:read',
  'activity:read_all',
  'activity:write',
]);
const COOKIE = 'strava_sim_athlete';

function readAuthorize(sim: Sim, p: Params): AuthorizeRequest {
  const clientId = one(p, 'client_id');
  if (!clientId || !sim.apps.has(clientId)) throw badRequest('Application', 'client_id');
  const redirectUri = one(p, 'redirect_uri');
  let parsed: URL | null = null;
  try {
    parsed = redirectUri ? new URL(redirectUri) : null;
  } catch {
    parsed = null;
  }
  if (!redirectUri || !parsed || !/^https?:$/.test(parsed.protocol)) throw badRequest('Application', 'redirect_uri');
  if (one(p, 'response_type') !== 'code') throw badRequest('Application', 'response_type');
  const scope = splitScope(one(p, 'scope'));
  if (scope.some((s) => !KNOWN_SCOPES.has(s))) throw badRequest('Authorize', 'scope');
  if (!scope.includes('read')) scope.unshift('read');
  return {
    clientId,
    redirectUri,
    state: one(p, 'state') ?? '',
    scope,
    approvalPrompt: one(p, 'approval_prompt') ?? 'auto',
  };
}

function redirectBack(reply: FastifyReply, req: AuthorizeRequest, query: Record<string, string>): FastifyReply {
  const url = new URL(req.redirectUri);
  for (const [k, v] of Object.entries(query)) url.searchParams.set(k, v);
  return reply.redirect(url.toString(), 302);
}

function approve(
  sim: Sim,
  reply: FastifyReply,
  req: AuthorizeRequest,
  athleteId: number,
  granted: string[],
): FastifyReply {
  const scope = req.scope.filter((s) => s === 'read' || granted.includes(s));
  const code = sim.tokens.issueCode(req.clientId, athleteId, scope, req.redirectUri);
  reply.header('set-cookie', `${COOKIE}=${athleteId}; Path=/; HttpOnly; SameSite=Lax`);
  return redirectBack(reply, req, { state: req.state, code, scope: scope.join(',') });
}

function cookieAthlete(request: FastifyRequest): number | null {
  const m = /(?:^|;\s*)strava_sim_athlete=(\d+)/.exec(request.headers.cookie ?? '');
  return m ? Number(m[1]) : null;
}

/** The application authenticating the request (its id and secret, in the form or Basic auth). */
function clientFrom(sim: Sim, p: Params, request: FastifyRequest): string {
  let id = one(p, 'client_id');
  let secret = one(p, 'client_secret');
  const basic = /^Basic\s+(\S+)$/i.exec(request.headers.authorization ?? '');
  if (basic) {
    const [u, ...rest] = Buffer.from(basic[1]!, 'base64').toString('utf8').split(':');
    id = decodeURIComponent(u ?? '');
    secret = decodeURIComponent(rest.join(':'));
  }
  const app = id ? sim.apps.get(id) : undefined;
  if (!app) throw badClient('client_id');
  // eslint-disable-next-line security/detect-possible-timing-attacks -- the local Strava simulator's test secret, not a credential of Runnerly
  if (secret !== app.clientSecret) throw badClient('client_secret');
  return app.clientId;
}

export function oauthRoutes(sim: Sim): FastifyPluginAsync {
  return async (app) => {
    app.get('/oauth/authorize', async (request, reply) => {
      const p = params(request);
      const req = readAuthorize(sim, p);
      const auto = one(p, 'sim_auto') ?? (sim.options.autoApprove ? 'approve' : undefined);
      const athletes = sim.world.athletes;
      if (auto === 'deny') return redirectBack(reply, req, { state: req.state, error: 'access_denied' });
      if (auto === 'approve') {
        const id = Number(one(p, 'sim_athlete') ?? sim.options.autoApprove?.athleteId ?? athletes[0]!.id);
        if (!sim.world.athlete(id)) throw badRequest('Athlete', 'sim_athlete');
        const granted = splitScope(one(p, 'sim_scope') ?? sim.options.autoApprove?.scope ?? req.scope.join(','));
        return approve(sim, reply, req, id, granted);
      }
      const remembered = cookieAthlete(request);
      if (req.approvalPrompt !== 'force' && remembered !== null) {
        const g = sim.tokens.grantOf(req.clientId, remembered);
        if (g && req.scope.every((s) => g.scope.includes(s))) return approve(sim, reply, req, remembered, req.scope);
      }
      return reply.type('text/html; charset=utf-8').send(authorizePage(req, athletes, remembered));
    });

    app.post('/oauth/authorize', async (request, reply) => {
      const p = params(request);
      const req = readAuthorize(sim, p);
      if (one(p, 'decision') !== 'approve')
        return redirectBack(reply, req, { state: req.state, error: 'access_denied' });
      const id = Number(one(p, 'athlete_id'));
      if (!sim.world.athlete(id)) throw badRequest('Athlete', 'athlete_id');
      return approve(sim, reply, req, id, many(p, 'granted_scope'));
    });

    app.post('/oauth/token', async (request) => {
      const p = params(request);
      const clientId = clientFrom(sim, p, request);
      const grantType = one(p, 'grant_type') ?? (one(p, 'code') ? 'authorization_code' : undefined);
      if (grantType === 'authorization_code') {
        const r = sim.tokens.exchangeCode(clientId, one(p, 'code') ?? '');
        if (!r.ok) throw badRequest('AuthorizationCode', 'code');
        const a = sim.world.athlete(r.grant.athleteId)!;
        return { ...r.tokens, athlete: sim.world.athleteJson(a, false, sim.clock.now()) };
      }
      if (grantType === 'refresh_token') {
        const r = sim.tokens.refreshTokens(clientId, one(p, 'refresh_token') ?? '');
        if (!r.ok) throw badRequest('RefreshToken', 'refresh_token');
        return r.tokens;
      }
      throw badRequest('Application', 'grant_type');
    });

    // Legacy deauthorization: the athlete's access token in a parameter or the Bearer header.
    app.post('/oauth/deauthorize', async (request) => {
      const p = params(request);
      const bearer = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '')?.[1];
      const token = one(p, 'access_token') ?? bearer ?? '';
      const auth = sim.tokens.authenticate(token);
      if (!auth) throw invalidAccessToken();
      deauthorize(sim, auth.athleteId, auth.clientId);
      return { access_token: token };
    });

    // The newer revocation endpoint: Basic client authentication and any token of the grant.
    app.post('/oauth/revoke', async (request, reply) => {
      const p = params(request);
      const clientId = clientFrom(sim, p, request);
      const token = one(p, 'token') ?? one(p, 'access_token') ?? one(p, 'refresh_token') ?? '';
      const g = sim.tokens.grantOfToken(token);
      if (g && g.clientId === clientId) deauthorize(sim, g.athleteId, clientId);
      return reply.code(200).send({});
    });
  };
}
