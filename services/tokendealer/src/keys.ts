import { createPrivateKey, randomUUID, sign as signWith, type JsonWebKey, type KeyObject } from 'node:crypto';
import type { Kysely } from 'kysely';
import { secretBox } from '@runnerly/service-kit';
import { exportJWK, generateKeyPair, type JWK } from 'jose';
import type { TokendealerTables } from './tables.ts';

export type SigningAlg = 'EdDSA' | 'ES256';

interface LoadedKey {
  kid: string;
  alg: SigningAlg;
  publicJwk: JWK;
  /** node:crypto's key: it signs in the call, where WebCrypto's sign is a job on the thread pool. */
  privateKey: KeyObject;
  /** The JWS protected header, encoded once. */
  header: string;
  createdAt: string;
  retiredAt: string | null;
}

export interface KeyRingOptions {
  alg: SigningAlg;
  /** 32 bytes (SIGNING_KEYS_SEAL_KEY): private keys are stored sealed with it (AES-256-GCM). */
  sealingKey: Buffer;
  /** Longest token lifetime: a retired key stays published this long (plus a margin). */
  maxTokenTtlSeconds: number;
  rotateAfterDays: number;
  /** A rotation asked for while the newest key is younger than this is refused (0: never). */
  minRotationSeconds?: number;
  /**
   * A new key is published this long before it signs, so that every verifier can fetch it
   * (they refetch the JWKS at most once a second on an unknown kid).
   */
  activationDelaySeconds?: number;
}

/**
 * The most keys kept (and published) at once: the current one and the retired ones whose tokens
 * may still be valid. With rotations at most every KEY_ROTATION_MIN_SECONDS (5 min) and tokens of
 * at most 15 min, four are ever needed; past the bound the oldest go first.
 */
export const MAX_KEYS = 5;

/** What a rotation asked for gives: the new key, or how long to wait. */
export type RotationOutcome = { kid: string } | { retryAfterSeconds: number };

/**
 * Signing keys: generated on first start and stored in the token dealer's database (never
 * in the repository), their private halves sealed with the sealing key (a key stored in clear
 * by an older release is sealed when first read), imported once into memory. Rotation adds a new key and retires the
 * old one, which stays in the JWKS until every token it signed has expired.
 */
export class KeyRing {
  private keys: LoadedKey[] = [];

  constructor(
    private readonly db: Kysely<TokendealerTables>,
    private readonly options: KeyRingOptions,
  ) {}

  /** Loads the keys; makes the first one, or a new one when the current is due. */
  async init(now = new Date()): Promise<void> {
    await this.reload(now);
    const newest = this.keys[0];
    const dueAt = newest ? Date.parse(newest.createdAt) + this.options.rotateAfterDays * 86_400_000 : 0;
    if (!newest || newest.alg !== this.options.alg || now.getTime() >= dueAt) await this.rotate(now, newest?.kid ?? '');
  }

  /**
   * Re-reads the keys (another replica may have rotated) and drops those no token may need:
   * retired longer ago than the longest token lifetime (plus a margin), and any past MAX_KEYS.
   */
  async reload(now = new Date()): Promise<void> {
    const rows = await this.db.selectFrom('signing_keys').selectAll().orderBy('created_at', 'desc').execute();
    const keepUntil = now.getTime() - (this.options.maxTokenTtlSeconds + 300) * 1000;
    const expired = rows
      .filter((r, i) => i >= MAX_KEYS || (r.retired_at && Date.parse(r.retired_at) < keepUntil))
      .map((r) => r.kid);
    if (expired.length) await this.db.deleteFrom('signing_keys').where('kid', 'in', expired).execute();
    const live = rows.filter((r) => !expired.includes(r.kid));
    const known = new Map(this.keys.map((k) => [k.kid, k]));
    this.keys = await Promise.all(
      live.map(async (r) => {
        const had = known.get(r.kid);
        if (had) return { ...had, retiredAt: r.retired_at };
        const alg = r.alg as SigningAlg;
        const jwk = await this.openPrivate(r.kid, r.private_jwk);
        return {
          kid: r.kid,
          alg,
          publicJwk: JSON.parse(r.public_jwk) as JWK,
          privateKey: createPrivateKey({ key: jwk as JsonWebKey, format: 'jwk' }),
          header: base64url({ alg, kid: r.kid, typ: 'JWT' }),
          createdAt: r.created_at,
          retiredAt: r.retired_at,
        };
      }),
    );
  }

  /** A sealing box bound to one key id: a sealed key copied to another row does not open. */
  private box(kid: string) {
    return secretBox(this.options.sealingKey, `tokendealer-signing-key:${kid}`);
  }

  /** A stored private key, opened; one stored in clear (older releases) is sealed in place. */
  private async openPrivate(kid: string, stored: string): Promise<JWK> {
    if (stored.startsWith('{')) {
      await this.db
        .updateTable('signing_keys')
        .set({ private_jwk: this.box(kid).seal(stored) })
        .where('kid', '=', kid)
        .where('private_jwk', '=', stored)
        .execute();
      return JSON.parse(stored) as JWK;
    }
    try {
      return JSON.parse(this.box(kid).open(stored)) as JWK;
    } catch {
      throw new Error(
        `signing key ${kid} does not open with this sealing key: SIGNING_KEYS_SEAL_KEY (or DATA_DIR/tokendealer/signing-keys.key) is not the one it was sealed with`,
      );
    }
  }

  /**
   * A rotation an operator asks for (`POST /keys/rotate`): refused while the newest key is
   * younger than the minimum, so that no caller can fill the JWKS or churn the verifiers' caches.
   */
  async requestRotation(now = new Date()): Promise<RotationOutcome> {
    await this.reload(now);
    const newest = this.keys[0];
    const minMs = (this.options.minRotationSeconds ?? 300) * 1000;
    const age = newest ? now.getTime() - Date.parse(newest.createdAt) : Infinity;
    if (age < minMs) return { retryAfterSeconds: Math.ceil((minMs - age) / 1000) };
    return { kid: await this.rotate(now, newest?.kid ?? '') };
  }

  /**
   * A new key that signs from now on, replacing `replaces` (the newest key this replica knows, ''
   * when it knows none). Another replica that already replaced that key wins: its key is taken
   * and none is added, so replicas rotating at once make one key.
   */
  async rotate(now = new Date(), replaces = this.keys[0]?.kid ?? ''): Promise<string> {
    const { publicKey, privateKey } = await generateKeyPair(this.options.alg, {
      extractable: true,
      ...(this.options.alg === 'EdDSA' ? { crv: 'Ed25519' } : {}),
    });
    const kid = `${now.toISOString().slice(0, 10)}-${randomUUID().slice(0, 8)}`;
    const publicJwk = { ...(await exportJWK(publicKey)), kid, alg: this.options.alg, use: 'sig' };
    const privateJwk = await exportJWK(privateKey);
    const handover = new Date(now.getTime() + this.delayMs).toISOString();
    const added = await this.db.transaction().execute(async (trx) => {
      const inserted = await trx
        .insertInto('signing_keys')
        .values({
          kid,
          alg: this.options.alg,
          public_jwk: JSON.stringify(publicJwk),
          private_jwk: this.box(kid).seal(JSON.stringify(privateJwk)),
          created_at: now.toISOString(),
          retired_at: null,
          replaces,
        })
        .onConflict((c) => c.column('replaces').doNothing())
        .executeTakeFirst();
      if (!inserted.numInsertedOrUpdatedRows) return false;
      await trx
        .updateTable('signing_keys')
        .set({ retired_at: handover })
        .where('retired_at', 'is', null)
        .where('kid', '!=', kid)
        .execute();
      return true;
    });
    if (!added) {
      const winner = await this.db
        .selectFrom('signing_keys')
        .select('kid')
        .where('replaces', '=', replaces)
        .executeTakeFirstOrThrow();
      await this.reload(now);
      return winner.kid;
    }
    await this.reload(now);
    return kid;
  }

  /** Public keys of every key whose tokens may still be valid. */
  jwks(): { keys: JWK[] } {
    return { keys: this.keys.map((k) => k.publicJwk) };
  }

  async sign(claims: Record<string, unknown>, ttlSeconds: number, now = Date.now()): Promise<string> {
    const key = this.current(now);
    if (!key) throw new Error('no signing key');
    const iat = Math.floor(now / 1000);
    // A compact JWS (RFC 7515): EdDSA over the signing input, or ES256 with SHA-256 and the
    // signature as r || s (RFC 7518 §3.4), not DER.
    const input = `${key.header}.${base64url({ ...claims, iat, exp: iat + ttlSeconds, jti: randomUUID() })}`;
    const signature =
      key.alg === 'EdDSA'
        ? signWith(null, Buffer.from(input), key.privateKey)
        : signWith('sha256', Buffer.from(input), { key: key.privateKey, dsaEncoding: 'ieee-p1363' });
    return `${input}.${signature.toString('base64url')}`;
  }

  /** The key that signs now: the newest one published long enough (the only one at first start). */
  private current(now = Date.now()): LoadedKey | undefined {
    return this.keys.find((k) => Date.parse(k.createdAt) + this.delayMs <= now) ?? this.keys[this.keys.length - 1];
  }

  private get delayMs(): number {
    return (this.options.activationDelaySeconds ?? 5) * 1000;
  }
}

function base64url(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}
