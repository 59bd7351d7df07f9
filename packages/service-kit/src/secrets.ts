// Secrets at rest: one sealing format (AES-256-GCM, "v1.<iv>.<tag>.<ciphertext>" in base64url)
// and one way to get a service's 32-byte key — configured, or generated on first start into
// its data folder (mode 0600, never committed).
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

export interface SecretBox {
  seal(plain: string): string;
  /** Throws when the value was not sealed with this key (and context), or was altered. */
  open(sealed: string): string;
}

/**
 * Seals strings with a 32-byte key. `context` (authenticated, not stored) binds a sealed value
 * to one use: a session sealed for the gateway does not open as a Strava token.
 */
export function secretBox(key: Buffer, context?: string): SecretBox {
  if (key.length !== 32) throw new Error('a sealing key must be 32 bytes');
  const aad = context ? Buffer.from(context) : undefined;
  return {
    seal(plain) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      if (aad) cipher.setAAD(aad);
      const ct = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      return ['v1', iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), ct.toString('base64url')].join(
        '.',
      );
    },
    open(sealed) {
      const [v, iv, tag, ct] = sealed.split('.');
      if (v !== 'v1' || !iv || !tag || ct === undefined) throw new Error('not a sealed value');
      const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
      if (aad) decipher.setAAD(aad);
      decipher.setAuthTag(Buffer.from(tag, 'base64url'));
      return Buffer.concat([decipher.update(Buffer.from(ct, 'base64url')), decipher.final()]).toString('utf8');
    },
  };
}

export interface KeySource {
  /** The setting's value (32 bytes, base64), when the operator gives one. */
  configured: string | undefined;
  /** The setting's name, for the error message. */
  setting: string;
  /** Where a generated key lives: `<dataDir>/<service>/<file>`. */
  dataDir: string;
  service: string;
  file: string;
}

/** The configured key, or the one generated on first start (kept, so sealed values stay readable). */
export function loadKey(source: KeySource): Buffer {
  if (source.configured) {
    const key = Buffer.from(source.configured, 'base64');
    if (key.length !== 32) throw new Error(`${source.setting} must be 32 bytes, base64-encoded`);
    return key;
  }
  const dir = join(source.dataDir, source.service);
  const file = join(dir, source.file);
  // eslint-disable-next-line security/detect-non-literal-fs-filename -- DATA_DIR/<service>/<fixed file name>, from the settings and the code
  if (!existsSync(file)) {
    // eslint-disable-next-line security/detect-non-literal-fs-filename -- DATA_DIR/<service>, from the settings and the code
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    try {
      // eslint-disable-next-line security/detect-non-literal-fs-filename -- DATA_DIR/<service>/<fixed file name>, from the settings and the code
      writeFileSync(file, randomBytes(32).toString('base64'), { mode: 0o600, flag: 'wx' });
      // eslint-disable-next-line security/detect-non-literal-fs-filename -- DATA_DIR/<service>/<fixed file name>, from the settings and the code
      chmodSync(file, 0o600);
    } catch (err) {
      // Another process of the same service wrote it first: read theirs.
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
  }
  // eslint-disable-next-line security/detect-non-literal-fs-filename -- DATA_DIR/<service>/<fixed file name>, from the settings and the code
  const key = Buffer.from(readFileSync(file, 'utf8').trim(), 'base64');
  if (key.length !== 32) throw new Error(`${file} does not hold a 32-byte base64 key`);
  return key;
}
