import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { loadServices } from '../registry.ts';
import { dependencies, parseReplicas, replicaPort, startOrder } from './order.ts';

const modules = (await loadServices()).map((s) => s.module);

describe('the order runnerly up starts services in', () => {
  it('puts every service after the ones it calls, the token dealer first', () => {
    const { order, cycle } = startOrder(modules);
    assert.deepEqual(cycle, []);
    assert.equal(order[0], 'tokendealer');
    assert.equal(order.at(-1), 'gateway');
    for (const [name, deps] of dependencies(modules)) {
      for (const d of deps) assert.ok(order.indexOf(d) < order.indexOf(name), `${d} before ${name}`);
    }
    // training calls races, which the registry lists after it.
    assert.ok(order.indexOf('races') < order.indexOf('training'));
    assert.deepEqual(dependencies(modules).get('reports'), ['tokendealer', 'accounts', 'data', 'training']);
  });

  it('says which services form a cycle instead of waiting forever', () => {
    const a = { ...modules[1]!, name: 'a', settings: { B_URL: {} as never } };
    const b = { ...modules[1]!, name: 'b', settings: { A_URL: {} as never } };
    assert.deepEqual(startOrder([modules[0]!, a, b]), { order: ['tokendealer', 'a', 'b'], cycle: ['a', 'b'] });
  });
});

describe('--replicas', () => {
  const known = modules.map((m) => m.name);
  it('reads counts per service, repeated or comma-separated', () => {
    assert.deepEqual(
      [...parseReplicas(['strava=2,imports=3', 'gateway=2'], known)],
      [
        ['strava', 2],
        ['imports', 3],
        ['gateway', 2],
      ],
    );
  });
  it('refuses what it cannot run, saying why', () => {
    assert.throws(() => parseReplicas(['strava'], known), /service=count/);
    assert.throws(() => parseReplicas(['nope=2'], known), /no service "nope"/);
    assert.throws(() => parseReplicas(['strava=0'], known), /1 to 9/);
    assert.throws(() => parseReplicas(['strava=12'], known), /1 to 9/);
  });
  it('places replica k a hundred ports further per replica', () => {
    assert.equal(replicaPort(8084, 1), 8084);
    assert.equal(replicaPort(8084, 3), 8284);
  });
});
