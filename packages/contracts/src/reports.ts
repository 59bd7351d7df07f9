import { Type, type Static } from '@sinclair/typebox';
import { IsoDateTime, Month, StringEnum, TimeZone, UserId } from './common.ts';

/**
 * The monthly report by email: owned by the reports service. `reports:read` reaches the list of
 * sent reports and their bodies (a user token only its own); `reports:write` asks for one now.
 */
export const reportScopes = {
  reportsRead: 'reports:read',
  reportsWrite: 'reports:write',
} as const;

export const ReportState = StringEnum(['queued', 'sending', 'sent', 'failed', 'parked', 'skipped'], {
  description:
    'queued: due, on the work queue; sending: written before the SMTP transaction; sent: accepted by the mail server; failed: will be retried; parked: given up (see reason); skipped: the runner had turned the report off',
});
export type ReportState = Static<typeof ReportState>;

export const ReportSummary = Type.Object({
  month: Month,
  state: ReportState,
  subject: Type.Union([Type.String(), Type.Null()]),
  message_id: Type.String(),
  queued_at: IsoDateTime,
  sent_at: Type.Union([IsoDateTime, Type.Null()]),
});
export type ReportSummary = Static<typeof ReportSummary>;

export const ReportList = Type.Object({ reports: Type.Array(ReportSummary) });
export type ReportList = Static<typeof ReportList>;

/** A sent report, its bodies exactly as they went to the mail server. */
export const SentReport = Type.Object({
  ...ReportSummary.properties,
  to: Type.String(),
  text: Type.String(),
  html: Type.String(),
});
export type SentReport = Static<typeof SentReport>;

export const SendNowResponse = Type.Object({
  month: Month,
  state: ReportState,
  message: Type.String(),
});
export type SendNowResponse = Static<typeof SendNowResponse>;

/** A runner the scheduler may send a report to, as the accounts service lists them. */
export const ReportRecipient = Type.Object({
  user_id: UserId,
  time_zone: TimeZone,
  monthly_report: Type.Boolean(),
  created_at: IsoDateTime,
});
export type ReportRecipient = Static<typeof ReportRecipient>;

export const ReportRecipientPage = Type.Object({
  users: Type.Array(ReportRecipient),
  next_after: Type.Union([UserId, Type.Null()], { description: 'Pass as `after` for the next page' }),
});
export type ReportRecipientPage = Static<typeof ReportRecipientPage>;

/** A job on the `reports.send` queue: one runner's report for one month. */
export const ReportJob = Type.Object({ user_id: UserId, month: Month });
export type ReportJob = Static<typeof ReportJob>;

export const reportQueues = { send: 'reports.send' } as const;
