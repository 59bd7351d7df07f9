import { addMonths } from '@runnerly/calendar';
import type { MonthRuns, PlanMonth, Profile, ReportRecipient, ReportRecipientPage, Run } from '@runnerly/contracts';
import { AppError, type ServiceClient } from '@runnerly/service-kit';
import type { MonthOfRuns, ReportInput, ReportRun } from './domain/report-content.ts';
import type { PlanSource, ReportSources, ReportsDeps } from './deps.ts';

function ok<T>(res: { status: number; body: T }, what: string): T {
  if (res.status !== 200) throw new AppError(502, 'upstream_error', `${what}: HTTP ${res.status}`);
  return res.body;
}

/** The runner's profile from the accounts service; undefined when the account is gone. */
export async function fetchProfile(accounts: ServiceClient, userId: string): Promise<Profile | undefined> {
  const res = await accounts.get<Profile>(`/users/${userId}/profile`);
  if (res.status === 404) return undefined;
  return ok(res, 'accounts profile');
}

/** Every activated runner, page by page. */
export async function* recipients(accounts: ServiceClient): AsyncGenerator<ReportRecipient> {
  let after: string | undefined;
  for (;;) {
    const page = ok(
      await accounts.get<ReportRecipientPage>('/report-recipients', { query: { limit: 500, after } }),
      'accounts recipients',
    );
    yield* page.users;
    if (!page.next_after) return;
    after = page.next_after;
  }
}

async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const lanes = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]!);
    }
  });
  await Promise.all(lanes);
  return out;
}

/**
 * One month of a runner's runs in their zone, as the Data Service lists it; with `detailed`,
 * each run's best efforts too (`GET /runs/{id}`: month lists do not carry them).
 */
async function monthOfRuns(
  data: ServiceClient,
  userId: string,
  month: string,
  timeZone: string,
  detailed: boolean,
): Promise<MonthOfRuns> {
  const list = ok(
    await data.get<MonthRuns>(`/users/${userId}/months/${month}/runs`, { query: { tz: timeZone } }),
    'data month',
  );
  const runs: ReportRun[] = detailed
    ? await mapLimit(list.runs, 4, async (r) => {
        const res = await data.get<Run>(`/runs/${r.id}`);
        return res.status === 200 ? { ...r, best_efforts: res.body.best_efforts ?? null } : r;
      })
    : list.runs;
  return { month, runs };
}

/** What the report of `month` is made of: the profile, three months of runs and the plan when there is one. */
async function reportInput(
  deps: Pick<ReportsDeps, 'data' | 'plans'>,
  profile: Profile,
  month: string,
): Promise<ReportInput> {
  const zone = profile.time_zone;
  const [runs, previous, yearBefore, plan] = await Promise.all([
    monthOfRuns(deps.data, profile.user_id, month, zone, true),
    monthOfRuns(deps.data, profile.user_id, addMonths(month, -1), zone, true),
    monthOfRuns(deps.data, profile.user_id, addMonths(month, -12), zone, false),
    // A plan service that fails fails the delivery (retried, then parked): no report without its plan section.
    deps.plans(profile.user_id, month),
  ]);
  return {
    month,
    profile: {
      user_id: profile.user_id,
      name: profile.name,
      units: profile.units,
      time_zone: zone,
      first_day_of_week: profile.first_day_of_week,
    },
    runs,
    previous,
    yearBefore,
    plan: plan?.plan ?? null,
    nextRace: plan?.nextRace ?? null,
  };
}

/**
 * The training service's summary of a runner's month: how the plan's sessions went and the next race.
 * A runner without an active plan (or a month the plan did not cover) gives nulls: the sections are left out.
 */
export function httpPlans(training: ServiceClient): PlanSource {
  return async (userId, month) => {
    const summary = ok(await training.get<PlanMonth>(`/users/${userId}/plans/months/${month}`), 'training month');
    return {
      plan: summary.plan && {
        race_name: summary.plan.race_name,
        sessions_planned: summary.plan.sessions_planned,
        sessions_done: summary.plan.sessions_done,
        sessions_partly_done: summary.plan.sessions_partly_done,
        sessions_missed: summary.plan.sessions_missed,
        planned_distance_m: summary.plan.planned_distance_m,
        done_distance_m: summary.plan.done_distance_m,
      },
      nextRace: summary.next_race,
    };
  };
}

/** The accounts and data services as a report's sources. */
export function httpSources(deps: Pick<ReportsDeps, 'data' | 'accounts' | 'plans'>): ReportSources {
  return {
    profile: (userId) => fetchProfile(deps.accounts, userId),
    input: (profile, month) => reportInput(deps, profile, month),
  };
}
