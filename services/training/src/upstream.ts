import { AppError } from '@runnerly/service-kit';
import type { RaceEntry, Run, RunList, UserRacesResponse } from '@runnerly/contracts';
import type { TrainingDeps } from './deps.ts';
import { knownRunIds, saveRuns } from './store.ts';
import type { RunCopyRow } from './tables.ts';

/** The runner's entry for a race (their goal with it), or null when they have not marked it. */
export async function raceEntry(deps: TrainingDeps, userId: string, raceId: string): Promise<RaceEntry | null> {
  if (!deps.races) throw new AppError(503, 'upstream_unavailable', 'The races service is not configured.');
  const res = await deps.races.get<UserRacesResponse>(`/users/${userId}/races`);
  if (res.status !== 200) throw upstreamError('races', res.status);
  return res.body.races.find((e) => e.race.id === raceId) ?? null;
}

/**
 * Copies the runner's runs since `since` (an instant) from the data service: the list pages back in time,
 * then each run not known yet for its best efforts. Runs already copied are kept (their events keep them fresh).
 */
export async function syncRuns(deps: TrainingDeps, userId: string, since: string): Promise<number> {
  const ids: string[] = [];
  let before: string | undefined;
  for (let page = 0; page < 50; page++) {
    const res = await deps.data.get<RunList>(`/users/${userId}/runs`, { query: { limit: 100, before } });
    if (res.status !== 200) throw upstreamError('data', res.status);
    const recent = res.body.runs.filter((r) => r.start_time >= since);
    ids.push(...recent.map((r) => r.id));
    if (!res.body.next_before || recent.length < res.body.runs.length) break;
    before = res.body.next_before;
  }
  const known = await knownRunIds(deps.db, ids);
  return copyRuns(
    deps,
    userId,
    ids.filter((id) => !known.has(id)),
  );
}

/** Fetches these runs from the data service and keeps a copy of what the plans read (gone ones are skipped). */
export async function copyRuns(deps: TrainingDeps, userId: string, ids: string[]): Promise<number> {
  const rows: RunCopyRow[] = [];
  for (const id of ids) {
    const res = await deps.data.get<Run>(`/runs/${id}`);
    if (res.status === 404) continue;
    if (res.status !== 200) throw upstreamError('data', res.status);
    const r = res.body;
    if (r.user_id !== userId) continue;
    rows.push({
      run_id: r.id,
      user_id: r.user_id,
      start_time: r.start_time,
      distance_m: r.distance_m,
      moving_time_s: r.moving_time_s,
      elapsed_time_s: r.elapsed_time_s,
      average_heartrate: r.average_heartrate,
      best_efforts: r.best_efforts ? JSON.stringify(r.best_efforts) : null,
    });
  }
  await saveRuns(deps.db, userId, rows);
  return rows.length;
}

function upstreamError(service: string, status: number): AppError {
  return new AppError(502, 'upstream_error', `The ${service} service answered ${status}.`);
}
