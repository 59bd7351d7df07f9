import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmbedded, type EmbeddedSystem } from './embedded.ts';

let sys: EmbeddedSystem;
let dataDir: string;
before(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'runnerly-embedded-'));
  sys = await startEmbedded({ basePort: 0, dataDir, quiet: true, env: {} });
});
after(async () => {
  await sys.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('the gateway in the embedded system', () => {
  it('is registered last and answers on its own port', async () => {
    assert.ok(sys.urls.gateway);
    const res = await fetch(`${sys.urls.gateway}/api/session`);
    assert.equal(res.status, 200);
    assert.deepEqual(await res.json(), {
      signed_in: false,
      user: null,
      mailbox: true,
      map_tiles: { url: 'https://tile.openstreetmap.org/{z}/{x}/{y}.png', attribution: '© OpenStreetMap contributors' },
    });
    assert.match(
      res.headers.get('content-security-policy') ?? '',
      /img-src 'self' data: https:\/\/tile\.openstreetmap\.org;/,
    );
  });
});
