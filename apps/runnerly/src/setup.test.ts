import { it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { openServiceDatabase } from '@runnerly/service-kit';
import { tokendealerMigrations, type TokendealerTables } from '@runnerly/tokendealer';
import { storedCredentials } from './credentials.ts';
import { givenSecretKey, setup } from './setup.ts';

it('runnerly setup migrates every database and registers the clients: a given secret, or one kept for start', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'runnerly-setup-'));
  try {
    const given = randomBytes(32).toString('base64url');
    const lines: string[] = [];
    await setup({ DATA_DIR: dataDir, [givenSecretKey('gateway')]: given }, (l) => lines.push(l));
    assert.ok(lines.includes('data: database up to date') && lines.includes('tokendealer: database up to date'));
    assert.ok(lines.includes('gateway: client registered with the given secret'), lines.join('\n'));
    const strava = storedCredentials('strava', { DATA_DIR: dataDir });
    assert.equal(strava?.clientId, 'strava');
    assert.equal(statSync(join(dataDir, 'credentials', 'strava.json')).mode & 0o777, 0o600);
    assert.equal(storedCredentials('strava', { DATA_DIR: dataDir, CLIENT_ID: 'x', CLIENT_SECRET: 'y' }), undefined);
    assert.equal(storedCredentials('gateway', { DATA_DIR: dataDir }), undefined, 'a given secret is not written down');

    // The token dealer knows both secrets (it stores their hashes).
    const database = await openServiceDatabase<TokendealerTables>('tokendealer', { dataDir }, tokendealerMigrations);
    const rows = await database.db.selectFrom('clients').select(['client_id', 'secret_hash']).execute();
    await database.close();
    const hashes = new Map(rows.map((r) => [r.client_id, r.secret_hash]));
    const stored = JSON.parse(readFileSync(join(dataDir, 'credentials', 'strava.json'), 'utf8')) as {
      clientSecret: string;
    };
    assert.ok(hashes.get('gateway') && hashes.get('strava'));
    assert.notEqual(hashes.get('gateway'), hashes.get('strava'));
    assert.ok(hashes.get('gateway')!.length > 0 && stored.clientSecret.length >= 32);

    // Again: nothing changes for a client whose secret still matches.
    await setup({ DATA_DIR: dataDir, [givenSecretKey('gateway')]: given }, () => {});
    assert.equal(storedCredentials('strava', { DATA_DIR: dataDir })?.clientSecret, stored.clientSecret);
    await assert.rejects(
      setup({ DATA_DIR: dataDir, [givenSecretKey('imports')]: 'short' }, () => {}),
      /at least 32/,
    );
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
});
