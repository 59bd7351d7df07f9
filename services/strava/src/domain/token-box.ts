// Strava tokens at rest: AES-256-GCM with a 32-byte key, "v1.<iv>.<tag>.<ciphertext>" (base64url).
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

export interface TokenBox {
  seal(plain: string): string;
  open(sealed: string): string;
}

export function tokenBox(key: Buffer): TokenBox {
  if (key.length !== 32) throw new Error('STRAVA_TOKEN_KEY must be 32 bytes (base64)');
  return {
    seal(plain) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      const ct = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      return ['v1', iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), ct.toString('base64url')].join(
        '.',
      );
    },
    open(sealed) {
      const [v, iv, tag, ct] = sealed.split('.');
      if (v !== 'v1' || !iv || !tag || ct === undefined) throw new Error('not a sealed token');
      const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
      decipher.setAuthTag(Buffer.from(tag, 'base64url'));
      return Buffer.concat([decipher.update(Buffer.from(ct, 'base64url')), decipher.final()]).toString('utf8');
    },
  };
}

/** The configured key, or one generated on first start into DATA_DIR/strava/token.key (mode 0600). */
export function loadTokenKey(configured: string | undefined, dataDir: string): Buffer {
  if (configured) {
    const key = Buffer.from(configured, 'base64');
    if (key.length !== 32) throw new Error('STRAVA_TOKEN_KEY must be 32 bytes, base64-encoded');
    return key;
  }
  const dir = join(dataDir, 'strava');
  const file = join(dir, 'token.key');
  if (existsSync(file)) return Buffer.from(readFileSync(file, 'utf8').trim(), 'base64');
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const key = randomBytes(32);
  try {
    writeFileSync(file, key.toString('base64'), { mode: 0o600, flag: 'wx' });
  } catch {
    return Buffer.from(readFileSync(file, 'utf8').trim(), 'base64');
  }
  chmodSync(file, 0o600);
  return key;
}
