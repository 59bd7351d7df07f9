import { it } from 'node:test';
import assert from 'node:assert/strict';
import { waitFor } from './wait-for.ts';

it('returns the first truthy value, and names what it waited for when it gives up', async () => {
  let calls = 0;
  assert.equal(await waitFor('the third call', () => ++calls >= 3 && calls, 1000, 1), 3);
  await assert.rejects(
    waitFor('nothing', () => false, 30, 5),
    /timed out waiting for nothing \(30 ms\)/,
  );
});
