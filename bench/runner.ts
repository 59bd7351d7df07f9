// A runner signing up, activating and logging in through the gateway, as the dashboard does:
// what the benches that load a running system need (a session cookie, the runner's id, and a
// way to browse on with the same cookies and CSRF token).
import { listMailbox, readMailbox } from '@runnerly/mail';

export interface BenchRunner {
  userId: string;
  /** The Cookie header of the signed-in browser. */
  cookie: () => string;
  browse: (method: string, path: string, body?: unknown) => Promise<Response>;
}

/** `dataDir` is the system's: its development mailbox holds the activation mail. */
export async function signUpRunner(gateway: string, dataDir: string, name = 'Bench Runner'): Promise<BenchRunner> {
  const cookies = new Map<string, string>();
  const cookie = () => [...cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  async function browse(method: string, path: string, body?: unknown): Promise<Response> {
    const headers: Record<string, string> = { cookie: cookie() };
    if (cookies.has('runnerly_csrf')) headers['x-csrf-token'] = cookies.get('runnerly_csrf')!;
    if (body !== undefined) headers['content-type'] = 'application/json';
    const res = await fetch(`${gateway}${path}`, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const i = pair!.indexOf('=');
      cookies.set(pair!.slice(0, i), pair!.slice(i + 1));
    }
    return res;
  }
  await browse('GET', '/api/session');
  const email = `bench-${Date.now()}-${Math.random().toString(36).slice(2, 8)}@example.com`;
  const password = 'a long bench password';
  const signup = await browse('POST', '/api/auth/signup', { email, password, name });
  if (!signup.ok) throw new Error(`bench sign-up: ${signup.status} ${await signup.text()}`);
  let activation: string | undefined;
  for (let i = 0; i < 200 && !activation; i++) {
    const [mail] = await listMailbox(dataDir, { to: email });
    if (mail) activation = (await readMailbox(dataDir, mail.id))?.text.match(/token=([A-Za-z0-9_-]+)/)?.[1];
    else await new Promise((r) => setTimeout(r, 50));
  }
  if (!activation) throw new Error('bench sign-up: no activation mail within 10 s');
  await browse('POST', '/api/auth/activate', { token: activation });
  const login = await browse('POST', '/api/auth/login', { email, password });
  if (!login.ok) throw new Error(`bench login: ${login.status} ${await login.text()}`);
  const userId = ((await login.json()) as { user: { id: string } }).user.id;
  return { userId, cookie, browse };
}

/** The calls the dashboard makes to draw Home for a runner (apps/runnerly/src/e2e records them). */
function homeCalls(userId: string, today = new Date()): string[] {
  const day = today.getUTCDay();
  const monday = new Date(today.getTime() - ((day + 6) % 7) * 86_400_000);
  const from = monday.toISOString().slice(0, 10);
  const to = new Date(monday.getTime() + 6 * 86_400_000).toISOString().slice(0, 10);
  return [
    '/api/session',
    '/api/me/profile',
    '/api/me/runs?limit=10',
    `/api/data/users/${userId}/totals?period=day&tz=UTC&from=${from}&to=${to}`,
    `/api/training/users/${userId}/plans/home`,
    `/api/strava/users/${userId}/status`,
  ];
}

/** Home's calls as autocannon's `requests`: each connection makes them in turn. */
export const homeRequests = (userId: string) => homeCalls(userId).map((path) => ({ method: 'GET', path }));
