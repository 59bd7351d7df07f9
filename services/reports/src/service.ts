import { Type } from '@sinclair/typebox';
import { accountScopes, reportQueues, reportScopes, scopes, type ReportJob } from '@runnerly/contracts';
import type { BusMessage } from '@runnerly/bus';
import { createMailer } from '@runnerly/mail';
import { defineService, loadKey, type ServiceModule } from '@runnerly/service-kit';
import { reportsApp } from './app.ts';
import { deliverReport, type Outcome } from './deliver.ts';
import type { PlanSource, ReportsDeps } from './deps.ts';
import { senderDomain } from './domain/message-id.ts';
import { reportsSubscriptions } from './events.ts';
import { httpPlans, httpSources } from './sources.ts';
import { migrations } from './migrations.ts';
import { startScheduler, type RunningScheduler } from './scheduler.ts';
import type { ReportsTables } from './tables.ts';

const seconds = (description: string, dflt: number, minimum = 1) =>
  Type.Integer({ minimum, default: dflt, description });

const settings = {
  DATA_URL: Type.String({ pattern: '^https?://', description: 'Data service base URL (runs of a month)' }),
  ACCOUNTS_URL: Type.String({
    pattern: '^https?://',
    description: 'Accounts service base URL (profiles, preferences)',
  }),
  TRAINING_URL: Type.Optional(
    Type.String({
      pattern: '^https?://',
      description:
        'Training service base URL (plan adherence, the next race); the plan section is left out while unset',
    }),
  ),
  DASHBOARD_URL: Type.String({
    pattern: '^https?://',
    default: 'http://127.0.0.1:8080',
    description: 'Public URL of the dashboard: base of the links in the mails',
  }),
  SMTP_URL: Type.Optional(
    Type.String({
      pattern: '^smtps?://',
      description: 'SMTP server (smtp://user:pass@host:587: STARTTLS when offered); the development mailbox when unset',
    }),
  ),
  MAIL_FROM: Type.String({ minLength: 3, default: 'Runnerly <no-reply@runnerly.local>', description: 'Sender' }),
  SMTP_POOL: Type.Integer({ minimum: 1, maximum: 50, default: 5, description: 'SMTP connections kept open' }),
  UNSUBSCRIBE_KEY: Type.Optional(
    Type.String({
      description: 'Key of the unsubscribe links (32 bytes, base64); generated under DATA_DIR when unset',
    }),
  ),
  REPORT_WORKERS: Type.Integer({
    minimum: 1,
    maximum: 64,
    default: 4,
    description: 'Reports sent at once by this instance',
  }),
  REPORT_MAX_ATTEMPTS: Type.Integer({
    minimum: 1,
    maximum: 20,
    default: 6,
    description: 'Attempts before a report is parked',
  }),
  REPORT_RETRY_MS: seconds('First retry delay (ms), doubling, capped at a minute', 5000, 10),
  REPORT_DELAY_MIN: seconds("Minutes after midnight on the 1st (runner's zone) a report is due", 5, 0),
  REPORT_SENDING_STALE_S: seconds('A delivery still sending after this long was interrupted (s)', 900),
  REPORT_REQUEUE_S: seconds('A queued report untouched this long is queued again (s)', 300),
  REPORT_SEND_NOW_PER_HOUR: seconds('"Send now" requests per runner and hour', 3),
  SCHEDULE_CRON: Type.String({ default: '2,17,32,47 * * * *', description: 'croner pattern of the schedule turns' }),
  SCHEDULER_LEASE_S: seconds('Scheduler lease; a dead leader is replaced within this long (s)', 30),
  SCHEDULER_RENEW_S: seconds('Lease renewal and sweep interval (s)', 10),
};

export interface ReportsOptions {
  /** The clock (tests drive their own). */
  now?: () => Date;
  /** Plan adherence and the next race; default: the training service at TRAINING_URL, none while unset. */
  plans?: PlanSource;
  /** Receives the running scheduler (tests take turns with it). */
  onScheduler?: (scheduler: RunningScheduler) => void;
  /** Hears how each report job ended (tests). */
  onDelivered?: (job: ReportJob, outcome: Outcome | 'failed') => void;
}

/** The reports service, with these parts replaced (tests); `reports` is the one the system runs. */
export function reportsService(options: ReportsOptions = {}): ServiceModule {
  return defineService<typeof settings, ReportsTables>({
    name: 'reports',
    description: "Monthly reports by email, scheduled in each runner's time zone, sent once",
    defaultPort: 8087,
    config: settings,
    migrations,
    bus: true,
    scopes: {
      client: [scopes.runsRead, scopes.plansRead, accountScopes.accountsRead, accountScopes.accountsWrite],
    },
    requiresCredentials: true,
    setup({ config, database, bus, verifier, logger, client, onClose }) {
      const dashboardUrl = config.DASHBOARD_URL.replace(/\/+$/, '');
      const mailer = createMailer({
        smtpUrl: config.SMTP_URL,
        dataDir: config.DATA_DIR,
        from: config.MAIL_FROM,
        logger,
        mailboxUrl: `${dashboardUrl}/mailbox`,
        notify: ['info', 'debug', 'trace'].includes(config.LOG_LEVEL) ? (line) => console.log(line) : () => {},
        poolConnections: config.SMTP_POOL,
      });
      onClose(() => mailer.close());
      const key = loadKey({
        configured: config.UNSUBSCRIBE_KEY,
        setting: 'UNSUBSCRIBE_KEY',
        dataDir: config.DATA_DIR,
        service: 'reports',
        file: 'unsubscribe.key',
      });
      const data = client('data', config.DATA_URL, { timeoutMs: 30_000, connections: 8 });
      const accounts = client('accounts', config.ACCOUNTS_URL, { timeoutMs: 15_000, connections: 8 });
      const training = config.TRAINING_URL ? client('training', config.TRAINING_URL, { timeoutMs: 30_000 }) : undefined;
      const plans = options.plans ?? (training ? httpPlans(training) : async () => null);
      const deps: ReportsDeps = {
        db: database.db,
        bus,
        mailer,
        data,
        accounts,
        plans,
        sources: httpSources({ data, accounts, plans }),
        logger,
        now: options.now ?? (() => new Date()),
        settings: {
          dashboardUrl,
          unsubscribeEndpoint: `${dashboardUrl}/api/reports/unsubscribe`,
          unsubscribeKeys: [key],
          domain: senderDomain(config.MAIL_FROM),
          maxAttempts: config.REPORT_MAX_ATTEMPTS,
          retryDelayMs: config.REPORT_RETRY_MS,
          delayMs: config.REPORT_DELAY_MIN * 60_000,
          sendingStaleMs: config.REPORT_SENDING_STALE_S * 1000,
          requeueAfterMs: config.REPORT_REQUEUE_S * 1000,
          sendNowPerHour: config.REPORT_SEND_NOW_PER_HOUR,
        },
      };
      return {
        docs: `Monthly reports. Scopes: \`${reportScopes.reportsRead}\` (sent reports), \`${reportScopes.reportsWrite}\` (send now). A user token reaches only its own reports; the unsubscribe link is public and signed.`,
        routes: reportsApp(deps, verifier),
        subscriptions: reportsSubscriptions(deps),
        jobs: [
          {
            queue: reportQueues.send,
            handle: async (m) => {
              const message = m as BusMessage<ReportJob>;
              try {
                options.onDelivered?.(message.payload, await deliverReport(message, deps));
              } catch (err) {
                options.onDelivered?.(message.payload, 'failed');
                throw err;
              }
            },
            options: {
              concurrency: config.REPORT_WORKERS,
              maxAttempts: config.REPORT_MAX_ATTEMPTS,
              retryDelayMs: config.REPORT_RETRY_MS,
            },
          },
        ],
        workers: [
          {
            name: 'scheduler',
            start() {
              const scheduler = startScheduler(deps, {
                pattern: config.SCHEDULE_CRON,
                leaseMs: config.SCHEDULER_LEASE_S * 1000,
                renewMs: config.SCHEDULER_RENEW_S * 1000,
              });
              options.onScheduler?.(scheduler);
              return scheduler;
            },
          },
        ],
      };
    },
  });
}

export const reports = reportsService();
