// The key ring on its real store (SQLite, or PostgreSQL in the distributed suite), its clock
// given by each call.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { exportJWK, generateKeyPair, jwtVerify, createLocalJWKSet } from 'jose';
import { freshStore, type TestStore } from '@runnerly/storage/testing';
import { openServiceDatabase } from '@runnerly/service-kit';
import type { Database } from '@runnerly/storage';
import { KeyRing, MAX_KEYS } from './keys.ts';
import { migrations } from './migrations.ts';
import type { TokendealerTables } from './tables.ts';

const T0 = Date.parse('2026-03-10T13:00:00Z');
const at = (seconds: number) => new Date(T0 + seconds * 1000);
const sealingKey = randomBytes(32);

describe('the key ring', () => {
  let store: TestStore;
  let database: Database<TokendealerTables>;
  before(async () => {
    store = await freshStore('tokendealer_keys');
    database = await openServiceDatabase<TokendealerTables>(
      'tokendealer',
      { databaseUrl: store.databaseUrl, dataDir: store.dataDir },
      migrations,
    );
  });
  after(async () => {
    await database.close();
    await store.cleanup();
  });
  const ring = (minRotationSeconds?: number, key = sealingKey, alg: 'EdDSA' | 'ES256' = 'EdDSA') =>
    new KeyRing(database.db, {
      alg,
      sealingKey: key,
      maxTokenTtlSeconds: 900,
      rotateAfterDays: 30,
      ...(minRotationSeconds === undefined ? {} : { minRotationSeconds }),
    });
  const stored = async () => (await database.db.selectFrom('signing_keys').select('kid').execute()).length;
  const clear = () => database.db.deleteFrom('signing_keys').execute();

  for (const alg of ['EdDSA', 'ES256'] as const)
    it(`signs ${alg} tokens that a JOSE library verifies against the published keys, with the claims asked for`, async () => {
      await clear();
      const keys = ring(undefined, sealingKey, alg);
      await keys.init(at(0));
      const token = await keys.sign({ sub: 'runner-1', scope: 'runs:read', aud: 'runnerly' }, 300, at(10).getTime());
      const { payload, protectedHeader } = await jwtVerify(token, createLocalJWKSet(keys.jwks() as never), {
        currentDate: at(20),
        audience: 'runnerly',
        algorithms: [alg],
      });
      assert.equal(protectedHeader.alg, alg);
      assert.equal(protectedHeader.kid, keys.jwks().keys[0]!.kid);
      assert.equal(protectedHeader.typ, 'JWT');
      assert.equal(payload.sub, 'runner-1');
      assert.equal(payload.scope, 'runs:read');
      assert.equal(payload.iat, Math.floor(at(10).getTime() / 1000));
      assert.equal(payload.exp, payload.iat! + 300);
      assert.match(String(payload.jti), /^[0-9a-f-]{36}$/);
      // Another subject under the same signature does not verify.
      const [header, , signature] = token.split('.');
      const other = Buffer.from(JSON.stringify({ ...payload, sub: 'someone-else' })).toString('base64url');
      await assert.rejects(
        jwtVerify(`${header}.${other}.${signature}`, createLocalJWKSet(keys.jwks() as never), { currentDate: at(20) }),
      );
    });

  it('refuses a rotation asked for while the newest key is younger than the minimum, and says for how long', async () => {
    await clear();
    const keys = ring();
    await keys.init(at(0));
    assert.deepEqual(await keys.requestRotation(at(60)), { retryAfterSeconds: 240 });
    assert.equal(keys.jwks().keys.length, 1);
    const done = await keys.requestRotation(at(300));
    assert.ok('kid' in done);
    assert.deepEqual(await keys.requestRotation(at(301)), { retryAfterSeconds: 299 });
    assert.equal(keys.jwks().keys.length, 2);
  });

  it('publishes at most a few keys however often it rotates, and drops retired keys once their tokens have expired', async () => {
    await clear();
    const keys = ring(0);
    await keys.init(at(0));
    const made: string[] = [];
    for (let i = 1; i <= 30; i++) {
      const outcome = await keys.requestRotation(at(i));
      assert.ok('kid' in outcome);
      made.push(outcome.kid);
    }
    const published = keys.jwks().keys.map((k) => k.kid);
    assert.equal(published.length, MAX_KEYS);
    assert.deepEqual(published, made.slice(-MAX_KEYS).reverse(), 'the newest are kept');
    assert.equal(await stored(), MAX_KEYS, 'the others are deleted, not only hidden');
    // Every retired key goes once the longest token it signed (900 s, plus 300 s) has expired.
    await keys.reload(at(30 + 5 + 1200 + 1));
    assert.deepEqual(
      keys.jwks().keys.map((k) => k.kid),
      [made.at(-1)],
    );
    assert.equal(await stored(), 1);
  });

  it('makes one key when replicas start together on an empty store, and one when they rotate at the same time', async () => {
    await clear();
    const [a, b] = [ring(), ring()];
    await Promise.all([a.init(at(0)), b.init(at(0))]);
    assert.equal(await stored(), 1, 'one first key for both');
    await b.reload(at(1));
    assert.deepEqual(a.jwks(), b.jwks());
    // Both find the key due (30 days) at once.
    const due = at(31 * 86_400);
    await Promise.all([a.init(due), b.init(due)]);
    assert.equal(await stored(), 2, 'one rotation, not one per replica');
    await Promise.all([a.reload(due), b.reload(due)]);
    const kidOf = async (r: KeyRing) =>
      JSON.parse(Buffer.from((await r.sign({ sub: 'x' }, 60, due.getTime())).split('.')[0]!, 'base64url').toString())
        .kid;
    assert.equal(await kidOf(a), await kidOf(b), 'both sign with the new key');
  });

  const rawRows = () => database.db.selectFrom('signing_keys').selectAll().execute();
  const noPrivateMaterial = (raw: string, d?: string) => {
    assert.match(raw, /^v1\.[\w-]+\.[\w-]+\.[\w-]+$/, 'a sealed value');
    assert.doesNotMatch(raw, /"d"|"kty"|PRIVATE KEY/);
    if (d) assert.ok(!raw.includes(d), "the key's private scalar is not there");
  };

  it('stores private keys sealed: the raw row holds no JWK or PEM, and another ring with the key signs with it', async () => {
    await clear();
    await ring().init(at(0));
    const [row] = await rawRows();
    noPrivateMaterial(row!.private_jwk);
    const again = ring();
    await again.init(at(10));
    const token = await again.sign({ sub: 'svc' }, 60, T0 + 10_000);
    await jwtVerify(token, createLocalJWKSet(again.jwks() as never), { currentDate: at(20) });
    await assert.rejects(ring(0, randomBytes(32)).init(at(20)), /does not open with this sealing key/);
  });

  it('seals a key an older release stored in clear, on first read, and keeps signing with it', async () => {
    await clear();
    const { publicKey, privateKey } = await generateKeyPair('EdDSA', { extractable: true });
    const privateJwk = await exportJWK(privateKey);
    await database.db
      .insertInto('signing_keys')
      .values({
        kid: 'legacy',
        alg: 'EdDSA',
        public_jwk: JSON.stringify({ ...(await exportJWK(publicKey)), kid: 'legacy', alg: 'EdDSA', use: 'sig' }),
        private_jwk: JSON.stringify(privateJwk),
        created_at: at(0).toISOString(),
        retired_at: null,
      })
      .execute();
    const keys = ring();
    await keys.init(at(60));
    const [row] = await rawRows();
    assert.equal(row!.kid, 'legacy');
    noPrivateMaterial(row!.private_jwk, privateJwk.d);
    const token = await keys.sign({ sub: 'svc' }, 60, T0 + 60_000);
    await jwtVerify(token, publicKey, { currentDate: at(70) });
  });
});
