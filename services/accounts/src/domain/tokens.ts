import { createHash, randomBytes } from 'node:crypto';

export type TokenKind = 'activation' | 'reset';

/** How long a link stays usable. */
export const tokenLifetimeMs: Record<TokenKind, number> = {
  activation: 24 * 3600_000,
  reset: 3600_000,
};

/** 32 random bytes, base64url: what goes in the link. Only its SHA-256 is stored. */
export function newToken(): { token: string; hash: string } {
  const token = randomBytes(32).toString('base64url');
  return { token, hash: hashToken(token) };
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}
