import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { OutboxRelay } from '@runnerly/bus';
import type { Mailer, OutgoingMail } from '@runnerly/mail';
import type { AccountsTables } from './tables.ts';
import type { PasswordVerdict } from './domain/password-strength.ts';

export interface AccountsDeps {
  db: Kysely<AccountsTables>;
  relay: OutboxRelay;
  mailer: Mailer;
  /** The development mailbox's data folder (SMTP_URL unset), or null. */
  mailboxDataDir: string | null;
  /** Sends a mail after the reply (answers take the same time whether or not a mail goes out). */
  sendLater(mail: OutgoingMail): void;
  /** Base of the links in mails: the dashboard. */
  dashboardUrl: string;
  logger: Logger;
  now(): Date;
  /** Whether a new password is accepted (judgeNewPassword, off the event loop). */
  judgePassword(password: string, personal?: { email?: string; name?: string | null }): Promise<PasswordVerdict>;
}

/** A sender that runs mails in the background, logs failures, and can be waited for at shutdown. */
export function backgroundSender(
  mailer: Mailer,
  logger: Logger,
): { sendLater(mail: OutgoingMail): void; drain(): Promise<void> } {
  const pending = new Set<Promise<unknown>>();
  return {
    sendLater(mail) {
      const p = mailer
        .send(mail)
        .catch((err: unknown) => logger.error({ err, subject: mail.subject }, 'mail could not be sent'));
      pending.add(p);
      void p.finally(() => pending.delete(p));
    },
    async drain() {
      await Promise.allSettled([...pending]);
    },
  };
}
