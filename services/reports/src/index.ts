export {
  buildReportContent,
  type ReportInput,
  type ReportContent,
  type ReportProfile,
  type ReportRun,
  type MonthOfRuns,
  type PlanAdherenceInput,
  type NextRaceInput,
} from './domain/report-content.ts';
export { renderReportMail, type ReportLinks, type ReportMail } from './domain/report-mail.ts';
export { reportView, type ReportView } from './domain/report-view.ts';
export { reportMessageId, senderDomain } from './domain/message-id.ts';
export {
  signUnsubscribeToken,
  verifyUnsubscribeToken,
  unsubscribeUrl,
  unsubscribeHeaders,
  type UnsubscribePurpose,
} from './domain/unsubscribe.ts';
export { reportHeaders, type ReportHeaders } from './domain/report-headers.ts';
export { reports, reportsService, type ReportsOptions } from './service.ts';
export { migrations as reportsMigrations } from './migrations.ts';
export type { ReportsTables } from './tables.ts';
export { reportsCommand, reportsHelp } from './operator.ts';
