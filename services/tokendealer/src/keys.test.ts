// The key ring on its real store (SQLite, or PostgreSQL in the distributed suite), its clock
// given by each call.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { freshStore, type TestStore } from '@runnerly/storage/testing';
import { openServiceDatabase } from '@runnerly/service-kit';
import type { Database } from '@runnerly/storage';
import { KeyRing, MAX_KEYS } from './keys.ts';
import { migrations } from './migrations.ts';
import type { TokendealerTables } from './tables.ts';

const T0 = Date.parse('2026-03-10T13:00:00Z');
const at = (seconds: number) => new Date(T0 + seconds * 1000);

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
  const ring = (minRotationSeconds?: number) =>
    new KeyRing(database.db, {
      alg: 'EdDSA',
      maxTokenTtlSeconds: 900,
      rotateAfterDays: 30,
      ...(minRotationSeconds === undefined ? {} : { minRotationSeconds }),
    });
  const stored = async () => (await database.db.selectFrom('signing_keys').select('kid').execute()).length;
  const clear = () => database.db.deleteFrom('signing_keys').execute();

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
});
