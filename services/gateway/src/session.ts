import { loadKey } from '@runnerly/service-kit';

export const SESSION_COOKIE = 'runnerly_session';
export const CSRF_COOKIE = 'runnerly_csrf';
export const CSRF_HEADER = 'x-csrf-token';

export interface SessionUser {
  id: string;
  email: string;
  name: string | null;
}

declare module 'fastify' {
  /** What a session holds (server-side; the cookie is only its signed id). */
  interface Session {
    user?: SessionUser;
    /** The CSRF secret: tokens in the `runnerly_csrf` cookie are made from it. */
    csrf?: string;
    /** The tag of the mails this browser's sign-up and reset requests caused (its development mailbox). */
    mailTag?: string;
    ip?: string;
    userAgent?: string;
  }
}

/**
 * The session key: SESSION_KEY when given (replicas share it), otherwise 32 random bytes
 * generated on first start into `<dataDir>/gateway/session.key`. It signs the session id cookie.
 */
export function loadSessionKey(configured: string | undefined, dataDir: string): Buffer {
  return loadKey({ configured, setting: 'SESSION_KEY', dataDir, service: 'gateway', file: 'session.key' });
}
