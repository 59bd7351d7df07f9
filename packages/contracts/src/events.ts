import { Type, type Static } from '@sinclair/typebox';
import { UserId, Uuid } from './common.ts';
import { RunSource } from './runs.ts';

/** Event topics: `noun.past-participle`. */
export const topics = {
  runImported: 'run.imported',
  runDeleted: 'run.deleted',
  accountDeleted: 'account.deleted',
  exportReady: 'export.ready',
  raceCreated: 'race.created',
  raceUpdated: 'race.updated',
  planCreated: 'plan.created',
  sessionCompleted: 'session.completed',
  sessionMissed: 'session.missed',
} as const;

export const RunImportedEvent = Type.Object({
  user_id: UserId,
  runs: Type.Array(Type.Object({ id: Uuid, source: RunSource, source_id: Type.String(), start_time: Type.String() })),
});
export type RunImportedEvent = Static<typeof RunImportedEvent>;

export const RunDeletedEvent = Type.Object({ user_id: UserId, run_id: Uuid });
export type RunDeletedEvent = Static<typeof RunDeletedEvent>;

export const AccountDeletedEvent = Type.Object({ user_id: UserId });
export type AccountDeletedEvent = Static<typeof AccountDeletedEvent>;

/** A runner's complete export is ready to download (the accounts service mails the link). */
export const ExportReadyEvent = Type.Object({
  user_id: UserId,
  export_id: Uuid,
  runs: Type.Integer({ minimum: 0 }),
  size: Type.Integer({ minimum: 0 }),
  expires_at: Type.String(),
});
export type ExportReadyEvent = Static<typeof ExportReadyEvent>;
