import { loadKey, secretBox } from '@runnerly/service-kit';

export const SESSION_COOKIE = 'runnerly_session';
export const CSRF_COOKIE = 'runnerly_csrf';
export const CSRF_HEADER = 'x-csrf-token';

export interface SessionUser {
  id: string;
  email: string;
  name: string | null;
}
interface Sealed {
  u: SessionUser;
  exp: number;
}

const CONTEXT = 'runnerly-session-v1';

/**
 * The session key: SESSION_KEY when given (replicas share it), otherwise 32 random bytes
 * generated on first start into `<dataDir>/gateway/session.key`.
 */
export function loadSessionKey(configured: string | undefined, dataDir: string): Buffer {
  return loadKey({ configured, setting: 'SESSION_KEY', dataDir, service: 'gateway', file: 'session.key' });
}

/** Session cookie value: the user and expiry, sealed (tamper-proof and private). */
export function sealSession(key: Buffer, user: SessionUser, ttlSeconds: number, now = Date.now()): string {
  const body: Sealed = {
    u: { id: user.id, email: user.email, name: user.name ?? null },
    exp: Math.floor(now / 1000) + ttlSeconds,
  };
  return secretBox(key, CONTEXT).seal(JSON.stringify(body));
}

/** The user of a session cookie, or null when it is missing, forged, garbled or expired. */
export function openSession(key: Buffer, value: string | undefined, now = Date.now()): SessionUser | null {
  if (!value || value.length > 4096) return null;
  try {
    const sealed = JSON.parse(secretBox(key, CONTEXT).open(value)) as Sealed;
    if (typeof sealed.exp !== 'number' || sealed.exp * 1000 <= now || typeof sealed.u?.id !== 'string') return null;
    return sealed.u;
  } catch {
    return null;
  }
}
