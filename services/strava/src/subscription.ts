// The application's push subscription at Strava: created at start (retried until the callback
// answers Strava's challenge, e.g. once the gateway is up), replaced when it points at another
// callback URL, and known here so that events of any other subscription are refused.
import type { Logger } from 'pino';
import { sleep } from './domain/clock.ts';

export interface SubscriptionApp {
  apiUrl: string;
  clientId: string;
  clientSecret: string;
}

interface Existing {
  id: number;
  callback_url: string;
}

async function list(app: SubscriptionApp): Promise<Existing[]> {
  const q = new URLSearchParams({ client_id: app.clientId, client_secret: app.clientSecret });
  const res = await fetch(`${app.apiUrl}/push_subscriptions?${q}`, { signal: AbortSignal.timeout(10_000) });
  if (!res.ok) throw new Error(`push subscriptions could not be listed: ${res.status}`);
  const body = (await res.json().catch(() => [])) as unknown;
  return Array.isArray(body) ? (body as Existing[]) : [];
}

/** One attempt: the id of a subscription with this callback URL, creating (or replacing) it. */
export async function subscribeOnce(app: SubscriptionApp, callbackUrl: string, verifyToken: string): Promise<string> {
  for (const s of await list(app)) {
    if (s.callback_url === callbackUrl) return String(s.id);
    const q = new URLSearchParams({ client_id: app.clientId, client_secret: app.clientSecret });
    const del = await fetch(`${app.apiUrl}/push_subscriptions/${s.id}?${q}`, {
      method: 'DELETE',
      signal: AbortSignal.timeout(10_000),
    });
    if (!del.ok && del.status !== 404) throw new Error(`old push subscription ${s.id} not deleted: ${del.status}`);
  }
  const res = await fetch(`${app.apiUrl}/push_subscriptions`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      client_id: app.clientId,
      client_secret: app.clientSecret,
      callback_url: callbackUrl,
      verify_token: verifyToken,
    }),
    signal: AbortSignal.timeout(20_000),
  });
  const body = (await res.json().catch(() => ({}))) as { id?: number };
  if (res.ok && body.id !== undefined) return String(body.id);
  throw new Error(`push subscription refused: ${res.status} ${JSON.stringify(body).slice(0, 300)}`);
}

/** Retries (1 s doubling to 5 min) until Strava accepts the subscription or `signal` aborts. */
export async function subscribe(
  app: SubscriptionApp,
  callbackUrl: string,
  verifyToken: string,
  logger: Pick<Logger, 'info' | 'warn'>,
  signal: AbortSignal,
): Promise<string | null> {
  for (let attempt = 0; !signal.aborted; attempt++) {
    try {
      return await subscribeOnce(app, callbackUrl, verifyToken);
    } catch (err) {
      const wait = Math.min(300_000, 1000 * 2 ** Math.min(attempt, 9));
      logger.warn(
        { err, attempt: attempt + 1, retry_in_ms: wait },
        'strava webhook subscription failed; polling until it works',
      );
      await sleep(wait, signal);
    }
  }
  return null;
}

/** The subscription whose events are accepted: configured, created at start, or looked up (at most every 30 s). */
export interface SubscriptionState {
  current(): Promise<string | null>;
  set(id: string): void;
  /** Whether a subscription is known to be live (polling then drops to a rare sweep). */
  live(): boolean;
}

export function subscriptionState(app: SubscriptionApp | null, configured: string | null): SubscriptionState {
  let id = configured;
  let lookedUp = 0;
  return {
    async current() {
      if (id || !app || Date.now() - lookedUp < 30_000) return id;
      lookedUp = Date.now();
      try {
        const found = (await list(app))[0];
        if (found) id = String(found.id);
      } catch {
        /* Strava unreachable: refuse until known */
      }
      return id;
    },
    set(next) {
      id = next;
    },
    live: () => id !== null,
  };
}
