import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

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

const AAD = Buffer.from('runnerly-session-v1');

/**
 * The session key: SESSION_KEY when given (replicas share it), otherwise 32 random bytes
 * generated on first start into `<dataDir>/gateway/session.key` (mode 0600, never committed).
 */
export function loadSessionKey(configured: string | undefined, dataDir: string): Buffer {
  if (configured) {
    const key = Buffer.from(configured, 'base64');
    if (key.length !== 32) throw new Error('SESSION_KEY must be 32 bytes, base64-encoded');
    return key;
  }
  const dir = join(dataDir, 'gateway');
  const file = join(dir, 'session.key');
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  try {
    writeFileSync(file, randomBytes(32).toString('base64'), { mode: 0o600, flag: 'wx' });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  }
  const key = Buffer.from(readFileSync(file, 'utf8').trim(), 'base64');
  if (key.length !== 32) throw new Error(`${file} does not hold a 32-byte base64 key`);
  return key;
}

/** Session cookie value: AES-256-GCM over the user and expiry (tamper-proof and private). */
export function sealSession(key: Buffer, user: SessionUser, ttlSeconds: number, now = Date.now()): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(AAD);
  const body: Sealed = {
    u: { id: user.id, email: user.email, name: user.name ?? null },
    exp: Math.floor(now / 1000) + ttlSeconds,
  };
  const ct = Buffer.concat([cipher.update(JSON.stringify(body), 'utf8'), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), ct]).toString('base64url');
}

/** The user of a session cookie, or null when it is missing, forged, garbled or expired. */
export function openSession(key: Buffer, value: string | undefined, now = Date.now()): SessionUser | null {
  if (!value || value.length > 4096) return null;
  try {
    const raw = Buffer.from(value, 'base64url');
    if (raw.length < 29) return null;
    const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, 12));
    decipher.setAAD(AAD);
    decipher.setAuthTag(raw.subarray(12, 28));
    const json = Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
    const sealed = JSON.parse(json) as Sealed;
    if (typeof sealed.exp !== 'number' || sealed.exp * 1000 <= now || typeof sealed.u?.id !== 'string') return null;
    return sealed.u;
  } catch {
    return null;
  }
}
