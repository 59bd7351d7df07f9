import type { Kysely } from 'kysely';
import type { KeyRing } from './keys.ts';
import type { TokendealerTables } from './tables.ts';

export interface TokendealerDeps {
  db: Kysely<TokendealerTables>;
  keys: KeyRing;
  config: { issuer: string; tokenTtlSeconds: number; userTokenTtlSeconds: number };
}
