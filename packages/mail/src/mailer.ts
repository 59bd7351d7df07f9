import { createTransport, type Transporter } from 'nodemailer';
import type { Logger } from 'pino';
import { newMailId, storeMail } from './mailbox.ts';

export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
  html: string;
  /** A Message-ID of the caller's (`<…@domain>`), e.g. one that stays the same on every attempt. */
  messageId?: string | undefined;
  /** Extra header fields (`List-Unsubscribe`…). */
  headers?: Record<string, string> | undefined;
  /**
   * Development mailbox only: the (secret) tag of the browser whose request caused this mail,
   * so that the mailbox shows it that browser only. Never sent over SMTP.
   */
  tag?: string | undefined;
}

export interface Mailer {
  /** `smtp` with SMTP_URL, otherwise the development mailbox on disk. */
  readonly kind: 'smtp' | 'mailbox';
  /** Sends (or stores) one mail; resolves with its id once it is accepted. */
  send(mail: OutgoingMail): Promise<{ id: string }>;
  close(): Promise<void>;
}

export interface MailerOptions {
  /** smtp://user:pass@host:port or smtps://…; unset: the development mailbox. */
  smtpUrl?: string | undefined;
  /** The mailbox lives in `<dataDir>/mailbox/`. */
  dataDir: string;
  /** The sender, e.g. `Runnerly <no-reply@runnerly.local>`. */
  from: string;
  logger?: Logger | undefined;
  /** Where the dashboard shows the mailbox, named in the console notice. */
  mailboxUrl?: string | undefined;
  /** Receives the one-line notice of each stored mail; defaults to the console. */
  notify?: ((line: string) => void) | undefined;
  /**
   * Keep up to this many SMTP connections open and reuse them (nodemailer's pool), for senders
   * of many mails; unset: one connection per mail.
   */
  poolConnections?: number | undefined;
}

/**
 * The one mail sender of every service. With an SMTP URL, nodemailer sends over SMTP;
 * without, each mail is stored as JSON under `<dataDir>/mailbox/` and announced on the
 * console, so that a newcomer running everything on a laptop can still click the links.
 */
export function createMailer(options: MailerOptions): Mailer {
  if (options.smtpUrl) return smtpMailer(options.smtpUrl, options);
  const notify = options.notify ?? ((line: string) => console.log(line));
  return {
    kind: 'mailbox',
    async send(mail) {
      const id = newMailId();
      await storeMail(options.dataDir, {
        id,
        to: mail.to,
        from: options.from,
        subject: mail.subject,
        text: mail.text,
        html: mail.html,
        created_at: new Date().toISOString(),
        ...(mail.messageId ? { message_id: mail.messageId } : {}),
        ...(mail.headers ? { headers: mail.headers } : {}),
        ...(mail.tag ? { tag: mail.tag } : {}),
      });
      notify(
        `mail to ${mail.to}: ${JSON.stringify(mail.subject)} — open ${options.mailboxUrl ?? `file://${options.dataDir}/mailbox`}`,
      );
      options.logger?.debug({ mail_id: id }, 'mail stored in the development mailbox');
      return { id };
    },
    async close() {},
  };
}

/**
 * nodemailer upgrades a plain connection with STARTTLS whenever the server offers it (and
 * `smtps://` is TLS from the start); credentials come in the URL (`smtp://user:pass@host:587`).
 */
function smtpMailer(url: string, options: MailerOptions): Mailer {
  const transport: Transporter = options.poolConnections
    ? createTransport({ url, pool: true, maxConnections: options.poolConnections, maxMessages: 1000 })
    : createTransport(url);
  return {
    kind: 'smtp',
    async send(mail) {
      const info = await transport.sendMail({
        from: options.from,
        to: mail.to,
        subject: mail.subject,
        text: mail.text,
        html: mail.html,
        // Our mails are mostly Latin text: quoted-printable, without nodemailer counting characters to choose.
        textEncoding: 'quoted-printable',
        ...(mail.messageId ? { messageId: mail.messageId } : {}),
        ...(mail.headers ? { headers: mail.headers } : {}),
      });
      const id = String(info.messageId ?? '');
      options.logger?.info({ mail_id: id }, 'mail sent');
      return { id };
    },
    async close() {
      transport.close();
    },
  };
}
