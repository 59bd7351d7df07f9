export { createMailer, type Mailer, type MailerOptions, type OutgoingMail } from './mailer.ts';
export { listMailbox, readMailbox, mailsFor, mailboxDir, type StoredMail, type MailSummary } from './mailbox.ts';
export { renderMail, escapeHtml, type MailContent } from './template.ts';
