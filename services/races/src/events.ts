import type { BusMessage } from '@runnerly/bus';
import type { Subscription } from '@runnerly/service-kit';
import {
  topics,
  type AccountDeletedEvent,
  type Run,
  type RunDeletedEvent,
  type RunImportedEvent,
} from '@runnerly/contracts';
import type { RacesDeps } from './deps.ts';
import { raceRun, type CandidateRun } from './domain/results.ts';
import { clearResultsOfRun, deleteUserEntries, openEntriesBetween, saveResult } from './store.ts';

/** A race day in any zone lies within 36 hours of any instant of that day elsewhere. */
const WINDOW_MS = 36 * 3600_000;

/**
 * run.imported → a race the runner marked, on the run's day in the race's zone, with no result
 * yet, takes the run's elapsed time when its distance is within 3%. The runs are read from the
 * Data Service (only those near a marked race). Idempotent: a result already there stays.
 */
export async function handleRunImported(message: BusMessage<RunImportedEvent>, deps: RacesDeps): Promise<void> {
  const { user_id: userId, runs } = message.payload;
  if (!deps.data || !runs.length) return;
  const times = runs.map((r) => Date.parse(r.start_time)).filter(Number.isFinite);
  if (!times.length) return;
  const open = await openEntriesBetween(
    deps.db,
    userId,
    new Date(Math.min(...times) - WINDOW_MS).toISOString(),
    new Date(Math.max(...times) + WINDOW_MS).toISOString(),
  );
  if (!open.length) return;
  const near = runs.filter((r) =>
    open.some((e) => Math.abs(Date.parse(e.start_time) - Date.parse(r.start_time)) <= WINDOW_MS),
  );
  const candidates: CandidateRun[] = [];
  for (const r of near) {
    const res = await deps.data.get<Run>(`/runs/${r.id}`);
    if (res.status === 404) continue; // deleted since
    if (res.status !== 200) throw new Error(`data service answered ${res.status} for run ${r.id}`);
    candidates.push(res.body);
  }
  const now = deps.now();
  for (const entry of open) {
    const run = raceRun(entry, candidates);
    if (!run) continue;
    const saved = await saveResult(
      deps.db,
      entry.race_id,
      userId,
      { elapsed_time_s: run.elapsed_time_s, run_id: run.id },
      now,
      true,
    );
    if (saved) deps.logger.info({ raceId: entry.race_id, runId: run.id }, 'race result taken from an imported run');
  }
}

/** run.deleted → a result taken from that run goes. Idempotent. */
export async function handleRunDeleted(message: BusMessage<RunDeletedEvent>, deps: RacesDeps): Promise<void> {
  await clearResultsOfRun(deps.db, message.payload.user_id, message.payload.run_id, deps.now());
}

/** account.deleted → the runner's entries go; the races they added stay (others may run them). */
export async function handleAccountDeleted(message: BusMessage<AccountDeletedEvent>, deps: RacesDeps): Promise<void> {
  await deleteUserEntries(deps.db, message.payload.user_id);
}

/** The events the races service consumes. */
export function racesSubscriptions(deps: RacesDeps): Subscription[] {
  return [
    {
      group: 'races.run-imported',
      topics: [topics.runImported],
      handle: (m) => handleRunImported(m as BusMessage<RunImportedEvent>, deps),
      options: { maxAttempts: 10 },
    },
    {
      group: 'races.run-deleted',
      topics: [topics.runDeleted],
      handle: (m) => handleRunDeleted(m as BusMessage<RunDeletedEvent>, deps),
      options: { maxAttempts: 10 },
    },
    {
      group: 'races.account-deleted',
      topics: [topics.accountDeleted],
      handle: (m) => handleAccountDeleted(m as BusMessage<AccountDeletedEvent>, deps),
      options: { maxAttempts: 10 },
    },
  ];
}
