import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { Bus } from '@runnerly/bus';
import type { Mailer } from '@runnerly/mail';
import type { ServiceClient } from '@runnerly/service-kit';
import type { Profile } from '@runnerly/contracts';
import type { NextRaceInput, PlanAdherenceInput, ReportInput } from './domain/report-content.ts';
import type { ReportsTables } from './tables.ts';

/** The plan summary of a runner's month (the training service's, sources.ts); null leaves the section out. */
export type PlanSource = (
  userId: string,
  month: string,
) => Promise<{ plan: PlanAdherenceInput | null; nextRace: NextRaceInput | null } | null>;

/** Where a report's facts come from: the accounts and data services over HTTP (sources.ts). */
export interface ReportSources {
  /** The runner's profile; undefined when the account is gone. */
  profile(userId: string): Promise<Profile | undefined>;
  /** The profile and three months of runs (plus the plan when there is one) for `month`. */
  input(profile: Profile, month: string): Promise<ReportInput>;
}

export interface ReportsDeps {
  db: Kysely<ReportsTables>;
  bus: Bus;
  mailer: Mailer;
  data: ServiceClient;
  accounts: ServiceClient;
  plans: PlanSource;
  sources: ReportSources;
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
