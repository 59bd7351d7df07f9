import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import { openServiceDatabase } from '@runnerly/service-kit';
import { migrations } from './migrations.ts';
import { databaseSessions, Sessions } from './session-store.ts';
import type { GatewayTables } from './tables.ts';

/** A user id derived from the email, so tests know it in advance. */
export function userIdFor(email: string): string {
  const h = createHash('sha256').update(email).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/**
 * A stand-in for the accounts service with its contract (signup → mail with an activation
 * link in the development mailbox, activate, login, profile, export), for gateway tests run before
 * or without the real one.
 */
export async function startFakeAccounts(
  options: { mailboxDir?: string; publicUrl?: string } = {},
): Promise<{ url: string; app: FastifyInstance; calls: string[] }> {
  const users = new Map<
    string,
    { id: string; email: string; name: string | null; password: string; active: boolean }
  >();
  const tokens = new Map<string, string>();
  const calls: string[] = [];
  const app = Fastify();
  app.addHook('onRequest', async (request) => {
    calls.push(`${request.method} ${request.url} ${request.headers.authorization ? 'bearer' : 'anonymous'}`);
  });
  app.post('/signup', async (request, reply) => {
    const { email, password, name } = request.body as { email: string; password: string; name?: string };
    const user = { id: userIdFor(email), email, name: name ?? null, password, active: false };
    users.set(email, user);
    const token = randomBytes(16).toString('hex');
    tokens.set(token, email);
    if (options.mailboxDir) {
      mkdirSync(options.mailboxDir, { recursive: true });
      writeFileSync(
        join(options.mailboxDir, `${Date.now()}-${token.slice(0, 6)}.json`),
        JSON.stringify({
          id: token.slice(0, 12),
          to: email,
          from: 'Runnerly <no-reply@runnerly.local>',
          subject: 'Activate your Runnerly account',
          date: new Date().toISOString(),
          text: `Welcome to Runnerly!\n\nActivate your account: ${options.publicUrl ?? 'http://localhost:8080'}/activate?token=${token}\n`,
        }),
      );
    }
    return reply.status(202).send({ status: 'pending_activation' });
  });
  app.post('/activate', async (request, reply) => {
    const email = tokens.get((request.body as { token: string }).token);
    if (!email)
      return reply.status(400).send({ code: 'invalid_token', message: 'This activation link is invalid or used.' });
    tokens.delete((request.body as { token: string }).token);
    users.get(email)!.active = true;
    return { activated: true };
  });
  app.post('/login', async (request, reply) => {
    const { email, password } = request.body as { email: string; password: string };
    const user =
      users.get(email) ??
      (password === 'pw' ? { id: userIdFor(email), email, name: null, password: 'pw', active: true } : undefined);
    if (!user || user.password !== password)
      return reply.status(401).send({ code: 'invalid_credentials', message: 'Wrong email or password.' });
    if (!user.active)
      return reply.status(403).send({ code: 'account_not_activated', message: 'Activate your account first.' });
    return { user: { id: user.id, email: user.email, name: user.name } };
  });
  app.get('/users/:userId/profile', async (request) => {
    const { userId } = request.params as { userId: string };
    return {
      id: userId,
      email: [...users.values()].find((u) => u.id === userId)?.email ?? 'someone@example.com',
      name: null,
    };
  });
  app.get('/users/:userId/export', async (request) => {
    const { userId } = request.params as { userId: string };
    const email = [...users.values()].find((u) => u.id === userId)?.email ?? 'someone@example.com';
    return {
      exported_at: new Date().toISOString(),
      profile: { id: userId, email, name: null },
      tokens: [],
      failed_logins: [],
    };
  });
  app.patch('/users/:userId/profile', async (request) => ({
    id: (request.params as { userId: string }).userId,
    ...(request.body as object),
  }));
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  return { url: `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`, app, calls };
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
