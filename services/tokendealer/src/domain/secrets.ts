import { createHash, timingSafeEqual } from 'node:crypto';

/**
 * Client secrets are 256-bit random strings, not passwords: a SHA-256 digest compared in
 * constant time is enough (argon2 would cost ~240 ms per token request for nothing).
 */
export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

/** Constant-time comparison of a presented secret with the stored digest. */
export function secretMatches(secret: string, storedHash: string): boolean {
  const a = Buffer.from(hashSecret(secret), 'hex');
  const b = Buffer.from(storedHash, 'hex');
  return a.length === b.length && timingSafeEqual(a, b);
}
