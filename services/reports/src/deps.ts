import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { Bus } from '@runnerly/bus';
import type { Mailer } from '@runnerly/mail';
import type { ServiceClient } from '@runnerly/service-kit';
import type { NextRaceInput, PlanAdherenceInput } from './domain/report-content.ts';
import type { ReportsTables } from './tables.ts';

/** The plan summary of a runner's month, when a plan service can tell (none yet: the section is left out). */
export type PlanSource = (
  userId: string,
  month: string,
) => Promise<{ plan: PlanAdherenceInput | null; nextRace: NextRaceInput | null } | null>;

export interface ReportsDeps {
  db: Kysely<ReportsTables>;
  bus: Bus;
  mailer: Mailer;
  data: ServiceClient;
  accounts: ServiceClient;
  plans: PlanSource;
  logger: Logger;
  now(): Date;
  settings: {
    dashboardUrl: string;
    unsubscribeEndpoint: string;
    /** Unsubscribe keys, the current one first. */
    unsubscribeKeys: Buffer[];
    /** Domain of the sender: the Message-ID's right-hand side. */
    domain: string;
    /** Deliveries of one report job before it is parked. */
    maxAttempts: number;
    retryDelayMs: number;
    /** A report is due this long after midnight on the 1st in the runner's zone. */
    delayMs: number;
    /** A delivery still `sending` after this long was interrupted. */
    sendingStaleMs: number;
    /** A queued report untouched this long is put on the queue again. */
    requeueAfterMs: number;
    /** "Send now" requests a runner may make per hour. */
    sendNowPerHour: number;
  };
}
