import { randomBytes } from 'node:crypto';
import { InProcessBus } from './in-process.ts';
import { RabbitBus } from './rabbitmq.ts';
import type { Bus } from './types.ts';

const testAmqpUrl = () => process.env.TEST_AMQP_URL ?? 'amqp://guest:guest@127.0.0.1:5672';

/**
 * The bus for one test: RabbitMQ in the distributed suite (its own namespace, queues that
 * expire after the test), in-process otherwise.
 */
export function testBus(rewriteUrl: (url: string) => string = (url) => url): Bus {
  if (process.env.RUNNERLY_TEST_MODE !== 'distributed') return new InProcessBus();
  return new RabbitBus({
    url: rewriteUrl(testAmqpUrl()),
    namespace: `test-${randomBytes(5).toString('hex')}`,
    queueExpiresMs: 120_000,
    disposable: true,
  });
}

/**
 * The settings a service started as its own process needs to join this test bus: the same
 * RabbitMQ namespace, queues that expire after the test (`suffix` gives it a namespace of its
 * own beside it). Nothing in the embedded suite, where the bus is in-process.
 */
export function childBusEnv(bus: Bus, suffix = ''): Record<string, string> {
  if (!(bus instanceof RabbitBus)) return {};
  return {
    AMQP_URL: testAmqpUrl(),
    AMQP_NAMESPACE: `${bus.namespace ?? ''}${suffix}`,
    AMQP_QUEUE_EXPIRES_SECONDS: '120',
  };
}
