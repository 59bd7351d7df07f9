// Helpers for tests (here and in the Strava client/worker): start a simulator on a free port,
// connect an athlete through the real OAuth redirect, call the control API.
import { startStravaSim, type RunningStravaSim, type StartOptions } from './index.ts';

export const TEST_CLIENT = { clientId: '4242', clientSecret: 'test-secret' } as const;

/**
 * The instant test simulators start at, unless a test says otherwise: tests see the same world
 * whatever the real date and hour (the history ends there, and the clock stays there until a test
 * moves it).
 */
export const TEST_NOW = '2026-03-10T13:00:00Z';

export async function startTestSim(options: StartOptions = {}): Promise<RunningStravaSim> {
  return startStravaSim({
    ...TEST_CLIENT,
    athletes: 3,
    activitiesPerAthlete: 60,
    tickMs: 0,
    now: TEST_NOW,
    frozenClock: true,
    ...options,
  });
}

export interface Connected {
  access_token: string;
  refresh_token: string;
  expires_at: number;
  expires_in: number;
  token_type: string;
  athlete: { id: number } & Record<string, unknown>;
  /** The scope the athlete granted, as returned on the redirect. */
  scope: string;
}

/** Runs the authorization code flow with the simulator's auto-approve parameters. */
export async function connectAthlete(
  url: string,
  athleteId: number,
  scope = 'read,activity:read_all',
  client: { clientId: string; clientSecret: string } = TEST_CLIENT,
): Promise<Connected> {
  const auth = new URL('/oauth/authorize', url);
  auth.search = new URLSearchParams({
    client_id: client.clientId,
    redirect_uri: 'http://localhost/callback',
    response_type: 'code',
    scope,
    state: 'test',
    sim_auto: 'approve',
    sim_athlete: String(athleteId),
  }).toString();
  const res = await fetch(auth, { redirect: 'manual' });
  if (res.status !== 302) throw new Error(`authorize answered ${res.status}: ${await res.text()}`);
  const back = new URL(res.headers.get('location')!);
  const code = back.searchParams.get('code');
  if (!code) throw new Error(`no code in ${back.toString()}`);
  const token = await fetch(new URL('/oauth/token', url), {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      client_id: client.clientId,
      client_secret: client.clientSecret,
      code,
      grant_type: 'authorization_code',
    }),
  });
  if (token.status !== 200) throw new Error(`token answered ${token.status}: ${await token.text()}`);
  return { ...((await token.json()) as Omit<Connected, 'scope'>), scope: back.searchParams.get('scope') ?? '' };
}

/** Calls the control API and returns the parsed JSON (throws on non-2xx). */
export async function control<T = unknown>(url: string, method: string, path: string, body?: unknown): Promise<T> {
  const res = await fetch(new URL(`/sim${path}`, url), {
    method,
    ...(body !== undefined ? { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) } : {}),
  });
  if (!res.ok) throw new Error(`${method} /sim${path} answered ${res.status}: ${await res.text()}`);
  return (res.status === 204 ? undefined : await res.json()) as T;
}

/** GET an API path with a bearer token. */
export function api(url: string, token: string, path: string): Promise<Response> {
  return fetch(new URL(`/api/v3${path}`, url), { headers: { authorization: `Bearer ${token}` } });
}
