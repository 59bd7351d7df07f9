import { createHash, randomBytes } from 'node:crypto';

/** A new feed secret (32 random bytes, URL-safe) and the hash it is found by. */
export function newFeedSecret(): { secret: string; hash: string } {
  const secret = randomBytes(32).toString('base64url');
  return { secret, hash: hashFeedSecret(secret) };
}

export function hashFeedSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}
