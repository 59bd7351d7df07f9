import type { ServiceClient } from '@runnerly/service-kit';
import { gatewayErrors } from './errors.ts';

/** Where a runner's data lives. Strava and imports may be absent (not configured). */
export interface ExportSources {
  accounts: ServiceClient;
  data: ServiceClient;
  strava?: ServiceClient | undefined;
  imports?: ServiceClient | undefined;
  races?: ServiceClient | undefined;
}

/** `GET /api/me/export`: one JSON file with everything the runner has. */
export interface RunnerExport {
  exported_at: string;
  user_id: string;
  /** The accounts service's export (profile, links sent, failed logins). */
  account: unknown;
  /** Every run (summaries, newest first; no streams). */
  runs: Array<{ user_id: string } & Record<string, unknown>>;
  /** The runner's shoes, each with the distance of its runs. */
  gear: Array<{ user_id: string } & Record<string, unknown>>;
  /** The Strava link status; absent when unlinked or when Strava is not configured. */
  strava?: unknown;
  /** Every import job, newest first; absent when imports are not configured. */
  imports?: unknown[];
  /** The races the runner marked, with goal and result; absent when races are not configured. */
  races?: unknown[];
}

const PAGE = 100;

/** An upstream's answer other than 200 fails the whole export: never a file with data silently missing. */
async function read<T>(client: ServiceClient, service: string, path: string, token: string): Promise<T> {
  const res = await client.get<T>(path, { token });
  if (res.status !== 200) throw gatewayErrors.exportUpstream(service, res.status);
  return res.body;
}

async function allRuns(data: ServiceClient, userId: string, token: string): Promise<RunnerExport['runs']> {
  const runs: RunnerExport['runs'] = [];
  let before: string | null = null;
  for (;;) {
    const q: URLSearchParams = new URLSearchParams({ limit: String(PAGE), ...(before ? { before } : {}) });
    const page: { runs: RunnerExport['runs']; next_before: string | null } = await read<{
      runs: RunnerExport['runs'];
      next_before: string | null;
    }>(data, 'data', `/users/${userId}/runs?${q}`, token);
    runs.push(...page.runs);
    if (!page.next_before) return runs;
    if (page.next_before === before) throw gatewayErrors.exportStuck();
    before = page.next_before;
  }
}

/** Every import job, newest first, 100 at a time (a job created meanwhile may shift a page: kept once). */
async function allJobs(imports: ServiceClient, userId: string, token: string): Promise<Array<{ job_id: string }>> {
  const jobs = new Map<string, { job_id: string }>();
  for (let offset = 0; ; offset += PAGE) {
    const page: { jobs: Array<{ job_id: string }> } = await read(
      imports,
      'imports',
      `/users/${userId}/imports?limit=${PAGE}&offset=${offset}`,
      token,
    );
    for (const j of page.jobs) if (!jobs.has(j.job_id)) jobs.set(j.job_id, j);
    if (page.jobs.length < PAGE) return [...jobs.values()];
  }
}

/**
 * Gathers the runner's data from every service with their user token, in parallel. Any
 * service down or failing → 502/503/504 `{code, message}` (from the client or here).
 */
export async function collectExport(
  sources: ExportSources,
  userId: string,
  token: string,
  now: Date,
): Promise<RunnerExport> {
  const [account, runs, gear, strava, imports, races] = await Promise.all([
    read<unknown>(sources.accounts, 'accounts', `/users/${userId}/export`, token),
    allRuns(sources.data, userId, token),
    read<{ gear: RunnerExport['gear'] }>(sources.data, 'data', `/users/${userId}/gear`, token).then((g) => g.gear),
    sources.strava ? read<{ linked?: boolean }>(sources.strava, 'strava', `/users/${userId}/status`, token) : undefined,
    sources.imports ? allJobs(sources.imports, userId, token) : undefined,
    sources.races
      ? read<{ races: unknown[] }>(sources.races, 'races', `/users/${userId}/races`, token).then((r) => r.races)
      : undefined,
  ]);
  // The data service answers a user token with that user's runs only; checked again here, since a leak would be final.
  if ([...runs, ...gear].some((r) => r.user_id !== userId)) throw gatewayErrors.exportForeignRuns();
  return {
    exported_at: now.toISOString(),
    user_id: userId,
    account,
    runs,
    gear,
    ...(strava?.linked ? { strava } : {}),
    ...(imports ? { imports } : {}),
    ...(races ? { races } : {}),
  };
}
