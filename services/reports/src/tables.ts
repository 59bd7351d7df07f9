import type { ReportState } from '@runnerly/contracts';

/** One runner's report for one month: the ledger that makes it go out at most once. */
export interface ReportRow {
  user_id: string;
  month: string;
  state: ReportState;
  /** Stable per (user, month): every attempt carries the same one. */
  message_id: string;
  /** Deliveries started (claims). */
  attempts: number;
  /** Why the last attempt failed, or why the report is parked or skipped. */
  reason: string | null;
  /** `schedule`, `request` (the runner's "send now") or `operator`. */
  trigger: string;
  /** The mail as rendered before the first send, kept exactly as sent. */
  to_address: string | null;
  subject: string | null;
  text_body: string | null;
  html_body: string | null;
  queued_at: string;
  /** When the SMTP transaction of the current attempt began (state `sending`). */
  sending_at: string | null;
  sent_at: string | null;
  updated_at: string;
}

/** A lease row: who schedules (one replica in the distributed mode), until when. */
export interface LeaseRow {
  name: string;
  holder: string;
  expires_at: string;
}

/** The scheduler's cursor: every month boundary up to `until` has been scheduled. */
export interface ScheduleCursorRow {
  name: string;
  until: string;
}

export interface ReportsTables {
  reports: ReportRow;
  report_runs: { month: string; requested_at: string; done_at: string | null };
  report_requests: { user_id: string; at: string };
  report_leases: LeaseRow;
  report_schedule: ScheduleCursorRow;
}
