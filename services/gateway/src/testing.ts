import { randomUUID } from 'node:crypto';
import { accountScopes } from '@runnerly/contracts';
import { listMailbox, readMailbox } from '@runnerly/mail';
import { waitFor } from '@runnerly/testing';
import { openServiceDatabase } from '@runnerly/service-kit';
import { migrations } from './migrations.ts';
import { databaseSessions, Sessions } from './session-store.ts';
import type { GatewayTables } from './tables.ts';

/** A password the accounts service accepts for the runners tests sign up. */
export const runnerPassword = 'correct horse battery staple 42';

/**
 * Signs this address up at the real accounts service, as the gateway would on a visitor's
 * behalf, and activates it with the link from the development mailbox under `dataDir`.
 */
export async function signUpRunner(
  system: {
    urls: Record<string, string | undefined>;
    dataDir: string;
    serviceToken(scopes?: string[]): Promise<string>;
  },
  email: string,
  password = runnerPassword,
): Promise<void> {
  const base = system.urls.accounts!;
  const token = await system.serviceToken([accountScopes.accountsLogin]);
  const post = async (path: string, body: unknown) => {
    const res = await fetch(`${base}${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
  };
  await post('/signup', { email, password });
  const mail = await waitFor(
    `the activation mail to ${email}`,
    async () => (await listMailbox(system.dataDir, { to: email })).find((m) => /confirm/i.test(m.subject)),
    5000,
    20,
  );
  const text = (await readMailbox(system.dataDir, mail.id))!.text;
  await post('/activate', { token: /\/activate\?token=([A-Za-z0-9_%-]+)/.exec(text)![1] });
}

/**
 * A browser over real HTTP at a gateway: keeps cookies, echoes the CSRF cookie unless told
 * not to; `login` first lets `signUp` make the runner (e.g. `signUpRunner`, once per address).
 */
export function httpBrowser(base: string, signUp: (email: string) => Promise<void>) {
  const jar = new Map<string, string>();
  async function request(
    method: string,
    path: string,
    options: { json?: unknown; form?: FormData; csrf?: boolean; redirect?: 'manual' | 'follow' } = {},
  ) {
    const headers: Record<string, string> = {};
    if (jar.size) headers.cookie = [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
    if (method !== 'GET' && options.csrf !== false) headers['x-csrf-token'] = jar.get('runnerly_csrf') ?? '';
    let body: string | FormData | undefined;
    if (options.json !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(options.json);
    }
    if (options.form) body = options.form;
    const res = await fetch(`${base}${path}`, { method, headers, body, redirect: options.redirect ?? 'manual' });
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const i = pair!.indexOf('=');
      const value = pair!.slice(i + 1);
      if (!value || /max-age=0|expires=Thu, 01 Jan 1970/i.test(c)) jar.delete(pair!.slice(0, i));
      else jar.set(pair!.slice(0, i), value);
    }
    const text = await res.text();
    let json: any = null;
    try {
      json = text ? JSON.parse(text) : null;
    } catch {
      json = text;
    }
    return { status: res.status, headers: res.headers, body: json };
  }
  return {
    jar,
    request,
    /** Signs this runner up, then logs in; the runner's id. */
    async login(email: string) {
      await signUp(email);
      await request('GET', '/api/session');
      const res = await request('POST', '/api/auth/login', { json: { email, password: runnerPassword } });
      if (res.status !== 200) throw new Error(`login of ${email}: ${res.status} ${JSON.stringify(res.body)}`);
      return res.body.user.id as string;
    },
  };
}

/** `signUpRunner` once per address: the first login of an address in a test makes its runner. */
export function runnerSignUps(system: Parameters<typeof signUpRunner>[0]): (email: string) => Promise<void> {
  const made = new Map<string, Promise<void>>();
  return (email) => {
    if (!made.has(email)) made.set(email, signUpRunner(system, email));
    return made.get(email)!;
  };
}

/** The gateway's session store on its own SQLite database under `dataDir` (gateway tests that build the app). */
export async function sessionsFor(dataDir: string): Promise<{ sessions: Sessions; close(): Promise<void> }> {
  const database = await openServiceDatabase<GatewayTables>('gateway', { dataDir }, migrations);
  const hour = 3600_000;
  const sessions = new Sessions(databaseSessions(database.db), {
    idleMs: 24 * hour,
    absoluteMs: 24 * hour,
    anonymousIdleMs: hour,
  });
  return { sessions, close: () => database.close() };
}

type Browser = ReturnType<typeof httpBrowser>;

/** The first link of the newest mail this browser may see in the development mailbox whose subject matches. */
export async function mailboxLink(b: Browser, subject: RegExp): Promise<string> {
  const mail = await waitFor(`a mail "${subject.source}" in the mailbox`, async () => {
    const box = (await b.request('GET', '/api/mailbox')).body as {
      messages?: Array<{ subject: string; links: Array<{ appPath: string | null }> }>;
    };
    return box.messages?.find((m) => subject.test(m.subject));
  });
  return mail.links.find((l) => l.appPath)!.appPath!;
}

/**
 * A newcomer's story through the gateway, as the dashboard tells it: sign up, open the
 * activation link from the development mailbox, log in. Returns the runner's id.
 */
export async function signUpAtGateway(b: Browser, email: string, password = runnerPassword): Promise<string> {
  await b.request('GET', '/api/session');
  const signup = await b.request('POST', '/api/auth/signup', { json: { email, password } });
  if (signup.status !== 202) throw new Error(`signup of ${email}: ${signup.status} ${JSON.stringify(signup.body)}`);
  const token = new URL(await mailboxLink(b, /confirm/i), 'http://x').searchParams.get('token');
  const activated = await b.request('POST', '/api/auth/activate', { json: { token } });
  if (activated.status !== 200) throw new Error(`activation of ${email}: ${activated.status}`);
  const login = await b.request('POST', '/api/auth/login', { json: { email, password } });
  if (login.status !== 200) throw new Error(`login of ${email}: ${login.status} ${JSON.stringify(login.body)}`);
  return login.body.user.id as string;
}

/** A runner's manual run for tests: on the `i`-th day after 10 March 2026, at 06:30 UTC. */
export function manualRun(userId: string, i: number, name = `Run ${i}`) {
  return {
    user_id: userId,
    source: 'manual',
    source_id: `manual-${randomUUID()}`,
    name,
    sport_type: 'Run',
    start_time: `2026-03-${String(10 + i).padStart(2, '0')}T06:30:00.000Z`,
    timezone: 'Europe/Paris',
    distance_m: 8000 + i,
    moving_time_s: 2700,
    elapsed_time_s: 2700,
  };
}
