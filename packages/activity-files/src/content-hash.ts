import { createHash } from 'node:crypto';

/** sha256 (hex) of the decompressed bytes: the same run gzipped or not hashes the same. */
export function contentHash(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}
