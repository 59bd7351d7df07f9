import type { FastifyReply, FastifyRequest } from 'fastify';
import Tokens from '@fastify/csrf';
import type { GatewayDeps } from './deps.ts';
import { CSRF_COOKIE, SESSION_COOKIE, type SessionUser } from './session.ts';

const tokens = Tokens();

/** The session cookie's attributes (the session plugin sets it; these clear it). */
export function sessionCookieOptions(deps: GatewayDeps) {
  return { path: '/', httpOnly: true, sameSite: 'lax' as const, secure: deps.settings.https };
}

/** Whether the header's CSRF token was made from this session's secret. */
export function validCsrf(request: FastifyRequest, token: unknown): boolean {
  const secret = request.session?.csrf;
  return !!secret && typeof token === 'string' && token.length <= 256 && tokens.verify(secret, token);
}

/** Hands out the CSRF token in a cookie a page of ours can read (another site cannot), made from the session's secret. */
export function issueCsrf(deps: GatewayDeps, request: FastifyRequest, reply: FastifyReply): void {
  const session = request.session;
  if (!session) return;
  session.csrf ??= tokens.secretSync();
  const current = request.cookies[CSRF_COOKIE];
  if (current && tokens.verify(session.csrf, current)) return;
  void reply.setCookie(CSRF_COOKIE, tokens.create(session.csrf), {
    path: '/',
    sameSite: 'strict',
    secure: deps.settings.https,
    httpOnly: false,
  });
}

/** Login: a new session id (the visitor's is dropped), a new CSRF secret, the user in it. */
export async function signIn(
  deps: GatewayDeps,
  request: FastifyRequest,
  reply: FastifyReply,
  user: SessionUser,
): Promise<void> {
  const mailTag = request.session?.mailTag;
  await request.session.regenerate();
  request.session.user = user;
  request.session.ip = request.ip;
  request.session.userAgent = String(request.headers['user-agent'] ?? '').slice(0, 200) || undefined;
  if (mailTag) request.session.mailTag = mailTag;
  request.user = user;
  delete request.cookies[CSRF_COOKIE];
  issueCsrf(deps, request, reply);
}

/** Ends this browser's session (the store forgets it; the cookie goes). */
export async function signOut(deps: GatewayDeps, request: FastifyRequest, reply: FastifyReply): Promise<void> {
  if (request.user) deps.userTokens.forget(request.user.id);
  if (request.session?.sessionId) await request.session.destroy();
  request.user = null;
  void reply.clearCookie(SESSION_COOKIE, sessionCookieOptions(deps));
}

/**
 * The password changed (or was reset): every session of the user ends; when the change came
 * from a signed-in browser, that browser gets a new session (a copied cookie stops working).
 */
export async function afterPasswordChange(
  deps: GatewayDeps,
  userId: string,
  request?: FastifyRequest,
  reply?: FastifyReply,
): Promise<void> {
  await deps.sessions.endAll(userId);
  deps.userTokens.forget(userId);
  if (request && reply && request.user?.id === userId) await signIn(deps, request, reply, request.user);
}
