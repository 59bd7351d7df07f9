/**
 * A seeded month for tests: a runner in New York (UTC−5 until the DST change on March 8,
 * 2026, UTC−4 after), March 2026, with runs on both sides of both month boundaries.
 */
import type { BestEffort } from '@runnerly/contracts';
import type { ReportInput, ReportRun } from './domain/report-content.ts';
import { randomUUID } from 'node:crypto';
import { reportScopes, scopes as allScopes, type RunInput } from '@runnerly/contracts';
import { createMailer } from '@runnerly/mail';
import { startTestSmtpServer, type TestSmtpServer } from '@runnerly/mail/testing';
import {
  clientCredentialsProvider,
  openServiceDatabase,
  serviceLogger,
  ServiceClient,
  type RunningService,
  type ServiceModule,
} from '@runnerly/service-kit';
import { startTestServices, type TestServices } from '@runnerly/service-kit/testing';
import { accounts, accountsMigrations, type AccountsTables } from '@runnerly/accounts';
import { data } from '@runnerly/data';
import { tokendealer } from '@runnerly/tokendealer';
import type { Kysely } from 'kysely';
import type { BusMessage } from '@runnerly/bus';
import type { ReportJob } from '@runnerly/contracts';
import { deliverReport, type Outcome } from './deliver.ts';
import type { ReportsDeps } from './deps.ts';
import { migrations } from './migrations.ts';
import { httpSources } from './sources.ts';
import { senderDomain } from './domain/message-id.ts';
import type { RunningScheduler } from './scheduler.ts';
import { reportsService } from './service.ts';
import type { ReportsTables } from './tables.ts';

export const USER_ID = '3f6c1a52-8d4e-4b7a-9c1e-2a5b7d9e0f13';
export const OTHER_USER_ID = '9b2d4e6f-1a3c-4e5f-8a7b-0c9d1e2f3a4b';

let n = 0;
function run(
  start_time: string,
  km: number,
  moving_time_s: number,
  extra: Partial<ReportRun> & { best?: Array<[string, number, number]> } = {},
): ReportRun {
  n += 1;
  const { best, ...rest } = extra;
  const best_efforts: BestEffort[] | null = best
    ? best.map(([name, distance_m, elapsed_time_s]) => ({ name, distance_m, elapsed_time_s }))
    : null;
  return {
    id: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
    name: 'Run',
    start_time,
    distance_m: km * 1000,
    moving_time_s,
    elevation_gain_m: null,
    best_efforts,
    ...rest,
  };
}

/** Every seeded run, as a list that spans January to April in UTC. */
export function seededRuns(): ReportRun[] {
  n = 0;
  return [
    // 2026-01-31 23:00 in New York: January, although it is February in UTC.
    run('2026-02-01T04:00:00Z', 9, 2700, { name: 'Late January run' }),
    run('2026-02-10T12:00:00Z', 10, 3000, {
      name: 'February tempo',
      best: [
        ['5k', 5000, 1480],
        ['10k', 10000, 3000],
      ],
    }),
    // 2026-02-28 23:30 in New York: February, although it is March in UTC.
    run('2026-03-01T04:30:00Z', 8, 2640, { name: 'Last night of February' }),
    // 2026-03-01 00:30 in New York (a Sunday): March.
    run('2026-03-01T05:30:00Z', 5, 1650, { name: 'Just after midnight' }),
    run('2026-03-03T12:00:00Z', 8, 2640, { name: 'Easy Tuesday', elevation_gain_m: 60 }),
    // 2026-03-08 09:00 EDT, the morning the clocks changed.
    run('2026-03-08T13:00:00Z', 16, 5760, {
      name: 'Long run',
      elevation_gain_m: 120,
      best: [
        ['5k', 5000, 1570],
        ['10k', 10000, 3220],
      ],
    }),
    run('2026-03-12T22:00:00Z', 10, 2880, {
      name: 'Thursday tempo',
      best: [
        ['1k', 1000, 260],
        ['5k', 5000, 1445],
        ['10k', 10000, 2880],
      ],
    }),
    run('2026-03-21T12:00:00Z', 12, 3960, { name: 'Saturday hills', elevation_gain_m: 80 }),
    run('2026-03-29T12:00:00Z', 21.1, 7080, { name: 'Sunday long run', elevation_gain_m: 200 }),
    // 2026-03-31 23:30 in New York (a Tuesday): March, although it is April in UTC.
    run('2026-04-01T03:30:00Z', 6, 1980, { name: 'Last night of March' }),
    // 2026-04-01 00:30 in New York: April.
    run('2026-04-01T04:30:00Z', 7, 2310, { name: 'First hour of April' }),
    // March 2025, the same month a year before.
    run('2025-03-05T12:00:00Z', 10, 3000, { name: 'A year ago' }),
    run('2025-03-15T12:00:00Z', 10, 3000, { name: 'A year ago' }),
    run('2025-03-25T12:00:00Z', 10, 3000, { name: 'A year ago' }),
  ];
}

/** The seeded March 2026, every list holding all seeded runs (the report keeps each month's own). */
export function seededInput(overrides: Partial<ReportInput> = {}): ReportInput {
  const runs = seededRuns();
  return {
    month: '2026-03',
    profile: {
      user_id: USER_ID,
      name: 'Ann',
      units: 'km',
      time_zone: 'America/New_York',
      first_day_of_week: 'monday',
    },
    runs: { month: '2026-03', runs },
    previous: { month: '2026-02', runs },
    yearBefore: { month: '2025-03', runs },
    plan: {
      race_name: 'Boston Marathon',
      sessions_planned: 14,
      sessions_done: 10,
      sessions_partly_done: 2,
      sessions_missed: 2,
      planned_distance_m: 120_000,
      done_distance_m: 78_100,
    },
    nextRace: {
      name: 'Boston Marathon',
      date: '2026-04-20',
      distance_m: 42_195,
      place: 'Boston, MA',
      predicted_time_s: 13_100,
      goal_time_s: 12_900,
    },
    ...overrides,
  };
}

export const links = {
  reportUrl: 'https://runnerly.example/reports/2026-03',
  unsubscribeUrl: 'https://runnerly.example/api/reports/unsubscribe?token=u1.x.y',
  preferencesUrl: 'https://runnerly.example/account#email',
};

// ——— The service on real parts: token dealer, accounts, data, reports and a real SMTP server ———

/** A clock the test moves. */
export function testClock(start: string) {
  let now = new Date(start);
  return {
    now: () => new Date(now),
    set(iso: string) {
      now = new Date(iso);
    },
  };
}

export interface ReportsTestSystem extends TestServices {
  smtp: TestSmtpServer;
  clock: ReturnType<typeof testClock>;
  /** The scheduler of the first reports instance. */
  scheduler: RunningScheduler;
  reportsDb: Kysely<ReportsTables>;
  accountsDb: Kysely<AccountsTables>;
  /** Every job outcome of every reports instance, in order. */
  outcomes: Array<{ job: ReportJob; outcome: Outcome | 'failed' }>;
  /** The reports settings the system runs with. */
  env: Record<string, string>;
  /** An activated runner, stored in the accounts service's database. */
  addRunner(input: { timeZone: string; monthlyReport?: boolean; createdAt?: string; name?: string }): Promise<{
    userId: string;
    email: string;
  }>;
  /** Runs for a runner, through the data service's API. */
  addRuns(
    userId: string,
    runs: Array<Partial<RunInput> & Pick<RunInput, 'start_time' | 'distance_m' | 'moving_time_s'>>,
  ): Promise<void>;
  /** Another replica of the reports service on the same database and bus. */
  startReplica(): Promise<{ service: RunningService; scheduler: RunningScheduler }>;
  /** The mails the SMTP server received for this address. */
  mailsTo(address: string): TestSmtpServer['received'];
}

const reportsEnv = (smtpUrl: string): Record<string, string> => ({
  REPORTS_SMTP_URL: smtpUrl,
  REPORTS_DASHBOARD_URL: 'http://127.0.0.1:8080',
  REPORTS_REPORT_RETRY_MS: '20',
  REPORTS_REPORT_MAX_ATTEMPTS: '3',
  REPORTS_REPORT_WORKERS: '2',
  REPORTS_UNSUBSCRIBE_KEY: Buffer.alloc(32, 7).toString('base64'),
  // The tests take the scheduler's turns themselves.
  REPORTS_SCHEDULER_RENEW_S: '3600',
  REPORTS_SCHEDULE_CRON: '0 0 1 1 *',
});

export interface ReportsTestOptions {
  /** The reports service's first instant (default: noon on March 31st, 2026, UTC). */
  start?: string;
  smtpUrl?: string;
  /** Services started with these, e.g. races and training for the plan section. */
  with?: ServiceModule[];
  /** More settings of the system, e.g. another service's clock. */
  env?: Record<string, string>;
  /** More scopes for the test's user tokens. */
  userScopes?: string[];
}

export async function startReportsTestSystem(
  label: string,
  options: ReportsTestOptions = {},
): Promise<ReportsTestSystem> {
  const smtp = await startTestSmtpServer();
  const clock = testClock(options.start ?? '2026-03-31T12:00:00Z');
  const outcomes: ReportsTestSystem['outcomes'] = [];
  const schedulers: RunningScheduler[] = [];
  const observe = (job: ReportJob, outcome: Outcome | 'failed') => outcomes.push({ job, outcome });
  const module = reportsService({ now: clock.now, onScheduler: (s) => schedulers.push(s), onDelivered: observe });
  const env = reportsEnv(options.smtpUrl ?? smtp.url);
  const system = await startTestServices(label, [tokendealer, accounts, data, ...(options.with ?? []), module], {
    env: { ...env, ...options.env },
    scopes: [allScopes.runsRead, allScopes.runsWrite],
    userScopes: [reportScopes.reportsRead, reportScopes.reportsWrite, ...(options.userScopes ?? [])],
  });
  const reportsDatabase = await openServiceDatabase<ReportsTables>(
    'reports',
    { databaseUrl: system.databaseUrls.reports, dataDir: system.dataDir },
    migrations,
  );
  const accountsDatabase = await openServiceDatabase<AccountsTables>(
    'accounts',
    { databaseUrl: system.databaseUrls.accounts, dataDir: system.dataDir },
    accountsMigrations,
  );
  const replicas: RunningService[] = [];
  const scheduler = schedulers[0]!;
  await scheduler.renew();
  return {
    ...system,
    smtp,
    clock,
    scheduler,
    outcomes,
    env,
    reportsDb: reportsDatabase.db,
    accountsDb: accountsDatabase.db,
    async addRunner({ timeZone, monthlyReport = true, createdAt = '2025-01-01T00:00:00.000Z', name = 'Ann' }) {
      const userId = randomUUID();
      const email = `runner.${userId.slice(0, 8)}@example.com`;
      await accountsDatabase.db
        .insertInto('users')
        .values({
          id: userId,
          email,
          password_hash: 'x',
          name,
          birth_year: null,
          sex: null,
          weight_kg: null,
          max_hr: null,
          rest_hr: null,
          units: 'km',
          time_zone: timeZone,
          first_day_of_week: 'monday',
          email_monthly_report: monthlyReport ? 1 : 0,
          created_at: createdAt,
          activated_at: createdAt,
          updated_at: createdAt,
        })
        .execute();
      return { userId, email };
    },
    async addRuns(userId, runs) {
      const token = await system.serviceToken([allScopes.runsWrite]);
      const body = {
        runs: runs.map((r, i) => ({
          user_id: userId,
          source: 'file',
          source_id: `${userId.slice(0, 8)}-${i}-${r.start_time}`,
          name: 'Run',
          sport_type: 'Run',
          timezone: 'UTC',
          elapsed_time_s: r.moving_time_s,
          ...r,
        })),
      };
      const res = await fetch(`${system.urls.data}/runs/batch`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      if (res.status >= 300) throw new Error(`runs/batch: ${res.status} ${await res.text()}`);
    },
    async startReplica() {
      const replicaSchedulers: RunningScheduler[] = [];
      const replica = reportsService({
        now: clock.now,
        onScheduler: (s) => replicaSchedulers.push(s),
        onDelivered: observe,
      });
      const creds = system.credentials.get('reports')!;
      const service = await replica.start({
        env: {
          PORT: '0',
          HOST: '127.0.0.1',
          LOG_LEVEL: 'warn',
          DATA_DIR: system.dataDir,
          TOKENDEALER_URL: system.urls.tokendealer!,
          DATA_URL: system.urls.data!,
          ACCOUNTS_URL: system.urls.accounts!,
          CLIENT_ID: creds.clientId,
          CLIENT_SECRET: creds.clientSecret,
          ...(system.databaseUrls.reports ? { DATABASE_URL: system.databaseUrls.reports } : {}),
          ...Object.fromEntries(Object.entries(env).map(([k, v]) => [k.replace(/^REPORTS_/, ''), v])),
        },
        bus: system.bus,
        logger: serviceLogger('reports-2', 'warn'),
      });
      replicas.push(service);
      await replicaSchedulers[0]!.renew();
      const close = async () => {
        replicas.splice(replicas.indexOf(service), 1);
        await service.close();
      };
      return { service: { ...service, close }, scheduler: replicaSchedulers[0]! };
    },
    mailsTo(address) {
      return smtp.received.filter((m) => {
        const to = Array.isArray(m.to) ? m.to[0] : m.to;
        return to?.value[0]?.address === address;
      });
    },
    async close() {
      for (const r of replicas) await r.close();
      await system.close();
      await reportsDatabase.close();
      await accountsDatabase.close();
      await smtp.close();
    },
  };
}

/**
 * One delivery in this process, as a report worker does it (for a test that kills the process
 * in the middle): settings as JSON in `REPORTS_CHILD`.
 */
export async function deliverInThisProcess(input: {
  databaseUrl?: string;
  dataDir: string;
  tokendealerUrl: string;
  dataUrl: string;
  accountsUrl: string;
  clientId: string;
  clientSecret: string;
  smtpUrl: string;
  unsubscribeKey: string;
  now: string;
  job: ReportJob;
}): Promise<Outcome> {
  const database = await openServiceDatabase<ReportsTables>(
    'reports',
    { databaseUrl: input.databaseUrl, dataDir: input.dataDir },
    migrations,
  );
  const tokens = clientCredentialsProvider({
    tokenUrl: `${input.tokendealerUrl}/oauth/token`,
    clientId: input.clientId,
    clientSecret: input.clientSecret,
  });
  const from = 'Runnerly <no-reply@runnerly.local>';
  const data = new ServiceClient({ service: 'data', baseUrl: input.dataUrl, tokens });
  const accounts = new ServiceClient({ service: 'accounts', baseUrl: input.accountsUrl, tokens });
  const plans = async () => null;
  const deps: ReportsDeps = {
    db: database.db,
    bus: undefined as never,
    mailer: createMailer({ smtpUrl: input.smtpUrl, dataDir: input.dataDir, from }),
    data,
    accounts,
    plans,
    sources: httpSources({ data, accounts, plans }),
    logger: serviceLogger('reports-child', 'warn'),
    now: () => new Date(input.now),
    settings: {
      dashboardUrl: 'http://127.0.0.1:8080',
      unsubscribeEndpoint: 'http://127.0.0.1:8080/api/reports/unsubscribe',
      unsubscribeKeys: [Buffer.from(input.unsubscribeKey, 'base64')],
      domain: senderDomain(from),
      maxAttempts: 3,
      retryDelayMs: 20,
      delayMs: 5 * 60_000,
      sendingStaleMs: 900_000,
      requeueAfterMs: 300_000,
      sendNowPerHour: 3,
    },
  };
  const message: BusMessage<ReportJob> = { id: 'child', topic: 'reports.send', payload: input.job, attempt: 1 };
  return deliverReport(message, deps);
}
