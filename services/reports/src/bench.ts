/**
 * The report worker under load (bench/report-mails.ts): the real ledger, delivery, rendering
 * and pooled SMTP mailer; the runners and their months are generated here instead of being
 * fetched from the accounts and data services.
 */
import { addMonths, startOfDay } from '@runnerly/calendar';
import type { Profile } from '@runnerly/contracts';
import { createMailer } from '@runnerly/mail';
import { openServiceDatabase, serviceLogger } from '@runnerly/service-kit';
import { deliverReport } from './deliver.ts';
import type { ReportsDeps } from './deps.ts';
import type { ReportRun } from './domain/report-content.ts';
import { reportMessageId } from './domain/message-id.ts';
import { migrations } from './migrations.ts';
import { insertDue } from './store.ts';
import type { ReportsTables } from './tables.ts';

const ZONES = ['Europe/Paris', 'America/New_York', 'Asia/Tokyo', 'America/Los_Angeles', 'Australia/Sydney', 'UTC'];
const MONTH = '2026-03';

const userIdOf = (i: number) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`;

function profileOf(i: number): Profile {
  return {
    user_id: userIdOf(i),
    email: `runner${i}@bench.example`,
    name: `Runner ${i}`,
    birth_year: null,
    age: null,
    sex: null,
    weight_kg: null,
    max_hr: null,
    rest_hr: null,
    units: i % 5 === 0 ? 'mi' : 'km',
    time_zone: ZONES[i % ZONES.length]!,
    first_day_of_week: i % 3 === 0 ? 'sunday' : 'monday',
    email_preferences: { monthly_report: true },
    created_at: '2025-01-01T00:00:00.000Z',
    activated_at: '2025-01-01T00:00:00.000Z',
    updated_at: '2025-01-01T00:00:00.000Z',
  };
}

/** A month of runs, different for every runner: 8 to 23 runs, some with best efforts. */
function monthOf(i: number, month: string, zone: string): ReportRun[] {
  const count = 8 + ((i * 7 + month.charCodeAt(6)) % 16);
  const start = startOfDay(`${month}-01`, zone).getTime();
  const end = startOfDay(`${addMonths(month, 1)}-01`, zone).getTime();
  return Array.from({ length: count }, (_, k) => {
    const km = 5 + ((i + k * 3) % 17);
    const pace = 280 + ((i * 13 + k * 7) % 90);
    const at = start + Math.floor(((k + 0.5) / count) * (end - start));
    return {
      id: `${userIdOf(i).slice(0, 24)}${String(k).padStart(12, '0')}`,
      name: `Run ${k + 1}`,
      start_time: new Date(at).toISOString(),
      distance_m: km * 1000,
      moving_time_s: km * pace,
      elevation_gain_m: (k * 11) % 140,
      best_efforts:
        k % 3 === 0
          ? [
              { name: '1k', distance_m: 1000, elapsed_time_s: pace - 20 },
              { name: '5k', distance_m: 5000, elapsed_time_s: 5 * (pace - 10) },
            ]
          : null,
    };
  });
}

export async function benchDelivery(options: {
  dataDir: string;
  smtpUrl: string;
  runners: number;
  lanes: number;
}): Promise<{ seconds: number; seedSeconds: number; sent: number }> {
  const database = await openServiceDatabase<ReportsTables>('reports', { dataDir: options.dataDir }, migrations);
  const from = 'Runnerly <no-reply@runnerly.local>';
  const mailer = createMailer({ smtpUrl: options.smtpUrl, dataDir: options.dataDir, from, poolConnections: 8 });
  const now = new Date('2026-04-02T00:00:00Z');
  const deps: ReportsDeps = {
    db: database.db,
    bus: undefined as never,
    mailer,
    data: undefined as never,
    accounts: undefined as never,
    plans: async () => null,
    sources: {
      profile: async (userId) => profileOf(Number(userId.slice(-12))),
      input: async (profile, month) => {
        const i = Number(profile.user_id.slice(-12));
        const zone = profile.time_zone;
        return {
          month,
          profile: { ...profile, time_zone: zone },
          runs: { month, runs: monthOf(i, month, zone) },
          previous: { month: addMonths(month, -1), runs: monthOf(i, addMonths(month, -1), zone) },
          yearBefore: { month: addMonths(month, -12), runs: i % 2 ? monthOf(i, addMonths(month, -12), zone) : [] },
        };
      },
    },
    logger: serviceLogger('reports-bench', 'warn'),
    now: () => now,
    settings: {
      dashboardUrl: 'https://runnerly.example',
      unsubscribeEndpoint: 'https://runnerly.example/api/reports/unsubscribe',
      unsubscribeKeys: [Buffer.alloc(32, 1)],
      domain: 'runnerly.local',
      maxAttempts: 3,
      retryDelayMs: 100,
      delayMs: 300_000,
      sendingStaleMs: 900_000,
      requeueAfterMs: 300_000,
      sendNowPerHour: 3,
    },
  };
  try {
    const seedStart = performance.now();
    const CHUNK = 500;
    for (let i = 0; i < options.runners; i += CHUNK) {
      await database.db.transaction().execute(async (trx) => {
        for (let j = i; j < Math.min(options.runners, i + CHUNK); j++) {
          const userId = userIdOf(j);
          const messageId = reportMessageId(userId, MONTH, 'runnerly.local');
          await insertDue(trx, { userId, month: MONTH, messageId, trigger: 'schedule' }, now);
        }
      });
    }
    const seedSeconds = (performance.now() - seedStart) / 1000;
    const started = performance.now();
    let next = 0;
    let sent = 0;
    await Promise.all(
      Array.from({ length: options.lanes }, async () => {
        while (next < options.runners) {
          const i = next++;
          const outcome = await deliverReport(
            { id: String(i), topic: 'reports.send', attempt: 1, payload: { user_id: userIdOf(i), month: MONTH } },
            deps,
          );
          if (outcome === 'sent') sent++;
        }
      }),
    );
    return { seconds: (performance.now() - started) / 1000, seedSeconds, sent };
  } finally {
    await mailer.close();
    await database.close();
  }
}
