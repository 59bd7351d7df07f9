export type { Bus, BusMessage, Handler, ConsumeOptions, SendOptions, StepHandler } from './types.ts';
export { InProcessBus } from './in-process.ts';
export { RabbitBus, type RabbitBusOptions } from './rabbitmq.ts';
export { topicMatches } from './topic-match.ts';
export {
  outboxMigration,
  outboxHeadersMigration,
  outboxPendingMigration,
  writeEvent,
  OutboxRelay,
  type OutboxTables,
} from './outbox.ts';
export { retryDelay } from './retry.ts';
