import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { amqpTestUrl, isDistributed } from '@runnerly/storage/testing';
import { tcpProxy, waitFor } from '@runnerly/testing';
import { InProcessBus } from './in-process.ts';
import { RabbitBus } from './rabbitmq.ts';
import type { Bus, BusMessage } from './types.ts';

/** Two processes' buses on one broker (RabbitMQ in the distributed suite), or one process's. */
function twoBuses(): [Bus, Bus] {
  if (!isDistributed()) {
    const bus = new InProcessBus();
    return [bus, bus];
  }
  const namespace = `test-listen-${randomBytes(4).toString('hex')}`;
  const open = () => new RabbitBus({ url: amqpTestUrl(), namespace, queueExpiresMs: 120_000, disposable: true });
  return [open(), open()];
}

describe('listening to events (a copy for each process)', () => {
  it('gives every listener each event once, while a subscribing group shares one copy', async () => {
    const [a, b] = twoBuses();
    const heard: Record<string, string[]> = { a: [], b: [], group: [] };
    const steps: boolean[] = [];
    await a.listen(
      ['runs.*'],
      (m) => heard.a!.push(`${m.topic} ${JSON.stringify(m.payload)}`),
      (s) => steps.push(s),
    );
    await b.listen(['runs.*'], (m) => heard.b!.push(`${m.topic} ${JSON.stringify(m.payload)}`));
    const group = async (m: BusMessage) => {
      heard.group!.push(m.topic);
    };
    await a.subscribe('listen-test.group', ['runs.*'], group);
    await b.subscribe('listen-test.group', ['runs.*'], group);
    assert.deepEqual(steps, [true], 'in step once listening');

    await a.publish('runs.changed', { user_id: 'u1', version: 3 });
    await b.publish('other.topic', { ignored: true });
    await a.publish('runs.changed', { user_id: 'u1', version: 4 });
    await waitFor(
      'both listeners and the group',
      () => heard.a!.length === 2 && heard.b!.length === 2 && heard.group!.length === 2,
      10_000,
    );
    await new Promise((r) => setTimeout(r, 300));
    const expected = ['runs.changed {"user_id":"u1","version":3}', 'runs.changed {"user_id":"u1","version":4}'];
    assert.deepEqual(heard.a, expected);
    assert.deepEqual(heard.b, expected);
    assert.deepEqual(
      heard.group,
      ['runs.changed', 'runs.changed'],
      'the group got each event once between its two members',
    );
    await a.close();
    if (b !== a) await b.close();
  });

  it(
    'is told it is out of step while RabbitMQ is unreachable, and in step again once its queue is back',
    {
      skip: !isDistributed() && 'needs RabbitMQ: runs in the distributed suite',
    },
    async () => {
      const proxy = await tcpProxy(Number(new URL(amqpTestUrl()).port || 5672));
      const namespace = `test-listen-${randomBytes(4).toString('hex')}`;
      const listener = new RabbitBus({ url: proxy.url(amqpTestUrl()), namespace, queueExpiresMs: 120_000 });
      const publisher = new RabbitBus({ url: amqpTestUrl(), namespace, queueExpiresMs: 120_000, disposable: true });
      const heard: number[] = [];
      const steps: boolean[] = [];
      await listener.listen(
        ['runs.changed'],
        (m) => heard.push((m.payload as { version: number }).version),
        (s) => steps.push(s),
      );
      await publisher.publish('runs.changed', { version: 1 });
      await waitFor('the first event', () => heard.length === 1, 10_000);

      proxy.cut();
      await waitFor('out of step', () => steps.at(-1) === false, 10_000);
      // Published while the listener's connection is down: its queue went with it, so this is missed.
      await publisher.publish('runs.changed', { version: 2 });
      proxy.restore();
      await waitFor('in step again', () => steps.at(-1) === true, 30_000);
      await publisher.publish('runs.changed', { version: 3 });
      await waitFor('the event after the gap', () => heard.includes(3), 10_000);
      assert.deepEqual(steps, [true, false, true]);
      assert.deepEqual(heard, [1, 3], 'the missed event is not delivered late: the listener was told instead');
      await listener.close();
      await publisher.close();
      await proxy.close();
    },
  );
});
