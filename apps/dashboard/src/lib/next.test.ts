import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { safeNext } from './next.ts';

const origin = 'https://runnerly.example';

describe('safeNext', () => {
  it('keeps a path of this site with its query and fragment', () => {
    assert.equal(safeNext('/runs/5b1c?tab=splits#km3', origin), '/runs/5b1c?tab=splits#km3');
    assert.equal(safeNext('/account', origin), '/account');
  });
  it('gives Home for other origins and tricks that become one', () => {
    for (const bad of [
      'https://evil.example/runs',
      '//evil.example/runs',
      '/\\evil.example',
      'javascript:alert(1)',
      'runs/5',
      '',
      null,
      undefined,
    ])
      assert.equal(safeNext(bad, origin), '/', String(bad));
  });
  it('does not send a runner back to the login page', () => {
    assert.equal(safeNext('/login?next=/runs', origin), '/');
  });
});
