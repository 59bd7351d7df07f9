import { it } from 'node:test';
import assert from 'node:assert/strict';
import { Registry } from 'prom-client';
import { InProcessBus } from '@runnerly/bus';
import { meterBus, registerAll } from './bus-metrics.ts';

it('counts what a service publishes and handles, by outcome, and the dead letters of its queues', async () => {
  const inner = new InProcessBus();
  const { bus, metrics } = meterBus(inner);
  const registry = new Registry();
  registerAll(registry, metrics);
  let failures = 0;
  await bus.subscribe(
    'reports',
    ['run.*'],
    async (m) => {
      if ((m.payload as { fail?: boolean }).fail) {
        failures++;
        throw new Error('no');
      }
    },
    { maxAttempts: 2, retryDelayMs: 1 },
  );
  await bus.publish('run.imported', { fail: false });
  await bus.publish('run.imported', { fail: true });
  await bus.enqueue('parse', { n: 1 });
  // The bus retries on its own timers: wait until the failing message is put aside.
  for (let i = 0; i < 200 && (await inner.deadLetterCount('reports')) === 0; i++)
    await new Promise((r) => setTimeout(r, 10));
  const text = await registry.metrics();
  assert.match(text, /bus_messages_published_total\{topic="run.imported",kind="event"\} 2/);
  assert.match(text, /bus_messages_published_total\{topic="parse",kind="job"\} 1/);
  assert.match(text, /bus_messages_consumed_total\{queue="reports",outcome="ok"\} 1/);
  assert.match(text, /bus_messages_consumed_total\{queue="reports",outcome="retried"\} 1/);
  assert.match(text, /bus_messages_consumed_total\{queue="reports",outcome="dead_lettered"\} 1/);
  assert.match(text, /bus_dead_letters\{queue="reports"\} 1/);
  assert.match(text, /bus_handler_duration_seconds_count\{queue="reports"\} 3/);
  assert.equal(failures, 2);
  assert.equal(bus.kind, 'in-process');
  await bus.ping();
  await bus.close();
});
