// The schema-driven fuzz test: every operation of every service's OpenAPI document, directly
// and through the gateway, with valid, boundary and invalid requests drawn from a fixed seed.
// No answer may be a 5xx, come late, be undeclared, break its declared schema, carry an error
// body other than {code, message}, or come with a change of the runner's data when it refuses.
// FUZZ_REQUESTS (default 1500) and FUZZ_SEED (default 20261202) make a longer or another run.
import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { startFuzzSystem, type FuzzSystem } from './fuzz/system.ts';
import { fuzz } from './fuzz/run.ts';

const count = Number(process.env.FUZZ_REQUESTS ?? 1500);
const seed = Number(process.env.FUZZ_SEED ?? 20261202);

let system: FuzzSystem;
before(async () => {
  system = await startFuzzSystem();
});
after(async () => {
  await system?.close();
});

it(`answers ${count} generated requests (seed ${seed}) as every OpenAPI document declares, without a 5xx`, async () => {
  const figures = await fuzz(system, seed, count);
  const perService = Object.entries(figures.perService)
    .sort()
    .map(([s, n]) => `${s} ${n}`)
    .join(', ');
  const statuses = Object.entries(figures.statuses)
    .map(([s, n]) => `${s}: ${n}`)
    .join(', ');
  console.log(`fuzz: ${figures.requests} requests (seed ${seed}); per service: ${perService}`);
  console.log(`fuzz: statuses ${statuses}; 5xx = ${figures.serverErrors}`);
  assert.ok(figures.requests >= count * 0.9, `only ${figures.requests} of ${count} requests were sent`);
  assert.deepEqual(figures.failures, []);
  assert.equal(figures.serverErrors, 0);
});
