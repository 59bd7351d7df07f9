import { it } from 'node:test';
import assert from 'node:assert/strict';
import { startStravaSim } from './index.ts';

it('answers /healthz and /readyz without touching the simulated rate limits', async () => {
  const sim = await startStravaSim({ athletes: 1, activitiesPerAthlete: 1 });
  try {
    assert.deepEqual(await (await fetch(`${sim.url}/healthz`)).json(), { status: 'ok' });
    assert.equal((await fetch(`${sim.url}/readyz`)).status, 200);
    const calls = (await (await fetch(`${sim.url}/sim/calls`)).json()) as { api: number };
    assert.equal(calls.api, 0);
  } finally {
    await sim.close();
  }
});
