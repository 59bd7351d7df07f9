import { randomBytes } from 'node:crypto';
import { InProcessBus } from './in-process.ts';
import { RabbitBus } from './rabbitmq.ts';
import type { Bus } from './types.ts';

/**
 * The bus for one test: RabbitMQ in the distributed suite (its own namespace, queues that
 * expire after the test), in-process otherwise.
 */
export function testBus(rewriteUrl: (url: string) => string = (url) => url): Bus {
  if (process.env.RUNNERLY_TEST_MODE !== 'distributed') return new InProcessBus();
  return new RabbitBus({
    url: rewriteUrl(process.env.TEST_AMQP_URL ?? 'amqp://guest:guest@127.0.0.1:5672'),
    namespace: `test-${randomBytes(5).toString('hex')}`,
    queueExpiresMs: 120_000,
    disposable: true,
  });
}
