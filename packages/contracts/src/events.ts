import { Type, type Static } from '@sinclair/typebox';
import { UserId, Uuid } from './common.ts';
import { RunSource } from './runs.ts';

/** Event topics: `noun.past-participle`. */
export const topics = {
  runImported: 'run.imported',
  runDeleted: 'run.deleted',
  runsChanged: 'runs.changed',
  sessionsChanged: 'sessions.changed',
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

/**
 * Anything of a runner's runs changed (added, merged, edited, given samples or details, deleted):
 * one per write, with the runner's version after it. The version-tagged answers (an ETag that
 * `runsVersionOfTag` reads) of an older version are out of date.
 */
export const RunsChangedEvent = Type.Object({ user_id: UserId, version: Type.Integer({ minimum: 0 }) });
export type RunsChangedEvent = Static<typeof RunsChangedEvent>;

/**
 * The ETag of an answer that depends on nothing but the runner's runs and the URL:
 * `"v<version>.<shapes>.<url>"`.
 */
export function runsVersionTag(version: number, shapes: string, url: string): string {
  return `"v${version}.${shapes}.${url}"`;
}

/** The runner's version an ETag of `runsVersionTag` names (undefined for any other tag). */
export function runsVersionOfTag(etag: string): number | undefined {
  const m = /^"v(\d{1,15})\.[^"]*"$/.exec(etag);
  return m ? Number(m[1]) : undefined;
}

/**
 * Gateway sessions ended or changed (one by the SHA-256 of its id, or every session of a user):
 * the gateway processes drop their copies of them. Published by the gateway process that made the
 * change, heard by every one.
 */
export const SessionsChangedEvent = Type.Union([
  Type.Object({ id_hash: Type.String({ pattern: '^[0-9a-f]{64}$' }) }),
  Type.Object({ user_id: UserId }),
]);
export type SessionsChangedEvent = Static<typeof SessionsChangedEvent>;

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
