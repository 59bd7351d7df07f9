import type { ServiceClient } from '@runnerly/service-kit';

/**
 * What a signed-in runner may reach through `/api/<service>/…`: an explicit allowlist.
 * `:me` must be the session's own user id (refused with 403 otherwise, before any call);
 * `:id` is any single path segment (the upstream checks ownership with the user token).
 */
export const routingTable: Record<string, Array<[method: string, pattern: string]>> = {
  data: [
    ['GET', '/users/:me/runs'],
    ['GET', '/users/:me/months/:id/runs'],
    ['GET', '/users/:me/totals'],
    ['GET', '/users/:me/runs/search'],
    ['GET', '/users/:me/records'],
    ['GET', '/runs/:id'],
    ['GET', '/runs/:id/ranks'],
    ['GET', '/runs/:id/streams'],
    ['PATCH', '/runs/:id'],
    ['DELETE', '/runs/:id'],
    ['POST', '/runs/batch'],
    ['GET', '/users/:me/gear'],
    ['POST', '/users/:me/gear'],
    ['PATCH', '/users/:me/gear/:id'],
    ['DELETE', '/users/:me/gear/:id'],
  ],
  accounts: [
    ['GET', '/users/:me/profile'],
    ['PATCH', '/users/:me/profile'],
    // The password change is /api/me/password: it ends the account's sessions.
    ['GET', '/users/:me/export'],
  ],
  strava: [
    ['POST', '/users/:me/link'],
    ['GET', '/users/:me/status'],
    ['DELETE', '/users/:me/link'],
    ['GET', '/users/:me/app'],
    ['PUT', '/users/:me/app'],
    ['DELETE', '/users/:me/app'],
  ],
  // POST /users/:me/imports (the upload) is its own streamed route: routes/uploads.ts.
  imports: [
    ['GET', '/users/:me/imports'],
    ['GET', '/users/:me/imports/:id'],
  ],
  // GET /feeds/:id (the iCal feed, public) is its own route: routes/feeds.ts.
  training: [
    ['GET', '/users/:me/plans'],
    ['POST', '/users/:me/plans'],
    ['GET', '/users/:me/plans/home'],
    ['GET', '/plans/:id'],
    ['GET', '/plans/:id/fitness'],
    ['POST', '/plans/:id/abandon'],
    ['POST', '/plans/:id/regenerate'],
    ['POST', '/plans/:id/feed'],
    ['DELETE', '/plans/:id/feed'],
  ],
  // Every runner sees every race; only the creator changes one (the races service checks).
  races: [
    ['GET', '/races'],
    ['POST', '/races'],
    ['GET', '/races/:id'],
    ['PATCH', '/races/:id'],
    ['DELETE', '/races/:id'],
    ['GET', '/users/:me/races'],
    ['GET', '/races/:id/participants/:me'],
    ['PUT', '/races/:id/participants/:me'],
    ['DELETE', '/races/:id/participants/:me'],
    ['PUT', '/races/:id/participants/:me/result'],
  ],
  // GET|POST /unsubscribe (the signed link in the mail, no session) is its own public route: routes/reports.ts.
  reports: [
    ['GET', '/users/:me/reports'],
    ['GET', '/users/:me/reports/:id'],
    ['POST', '/users/:me/reports/send-now'],
  ],
};

export type Upstreams = Partial<Record<keyof typeof routingTable | string, ServiceClient>>;

export type Match = { ok: true } | { ok: false; status: 403 | 404 };

const segment = /^[A-Za-z0-9._~-]{1,200}$/;

/** Whether `method path` is allowed for `service` and addresses only `userId`'s data. */
export function matchRoute(service: string, method: string, path: string, userId: string): Match {
  const routes = routingTable[service];
  if (!routes) return { ok: false, status: 404 };
  const parts = path.split('/');
  let foreign = false;
  for (const [m, pattern] of routes) {
    if (m !== method) continue;
    const want = pattern.split('/');
    if (want.length !== parts.length) continue;
    let ok = true;
    let other = false;
    for (let i = 0; i < want.length && ok; i++) {
      const w = want[i]!;
      const p = parts[i]!;
      if (w === ':me') {
        if (!segment.test(p)) ok = false;
        else if (p !== userId) other = true;
      } else if (w === ':id') ok = segment.test(p);
      else ok = w === p;
    }
    if (!ok) continue;
    if (other) {
      foreign = true;
      continue;
    }
    return { ok: true };
  }
  return { ok: false, status: foreign ? 403 : 404 };
}

/** A body that names users (`user_id` fields, anywhere) must name only the session's user. */
export function bodyNamesOtherUser(body: unknown, userId: string, depth = 0): boolean {
  if (depth > 6 || body === null || typeof body !== 'object') return false;
  if (Array.isArray(body)) return body.some((b) => bodyNamesOtherUser(b, userId, depth + 1));
  for (const [k, v] of Object.entries(body)) {
    if ((k === 'user_id' || k === 'userId') && v !== userId) return true;
    if (typeof v === 'object' && bodyNamesOtherUser(v, userId, depth + 1)) return true;
  }
  return false;
}
