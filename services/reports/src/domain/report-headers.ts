import { reportMessageId } from './message-id.ts';
import { unsubscribeHeaders } from './unsubscribe.ts';

export interface ReportHeaders {
  /** For nodemailer's `messageId`: stable per (user, month). */
  messageId: string;
  /** Extra header fields, for nodemailer's `headers`. */
  headers: Record<string, string>;
}

/**
 * Everything a report mail carries besides its bodies: its stable Message-ID, the RFC 8058
 * one-click unsubscribe pair, a List-Id that lets a runner filter reports, and
 * `Auto-Submitted: auto-generated` (RFC 3834) so that vacation responders do not answer.
 */
export function reportHeaders(input: {
  userId: string;
  month: string;
  domain: string;
  unsubscribeUrl: string;
}): ReportHeaders {
  const messageId = reportMessageId(input.userId, input.month, input.domain);
  return {
    messageId,
    headers: {
      ...unsubscribeHeaders(input.unsubscribeUrl),
      'List-Id': `Runnerly monthly report <monthly-report.${input.domain.toLowerCase()}>`,
      'Auto-Submitted': 'auto-generated',
    },
  };
}
