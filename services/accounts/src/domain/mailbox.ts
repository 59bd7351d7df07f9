import type { MailboxMessage } from '@runnerly/contracts';
import type { StoredMail } from '@runnerly/mail';

const linkPattern = /https?:\/\/[^\s"'<>)\]]+/g;
/** Paths of the dashboard itself: a link to one is also offered relative to the gateway. */
const appPaths = /^\/(activate|reset-password|reset|forgot-password|login|signup|account)(\/|$)/;

function linksOf(text: string): MailboxMessage['links'] {
  const seen = new Set<string>();
  const out: MailboxMessage['links'] = [];
  for (const m of text.matchAll(linkPattern)) {
    const url = m[0].replace(/[.,;:!?]+$/, '').replace(/&amp;/g, '&');
    if (seen.has(url)) continue;
    seen.add(url);
    let appPath: string | null = null;
    try {
      const u = new URL(url);
      if (appPaths.test(u.pathname)) appPath = u.pathname + u.search;
    } catch {
      /* not a URL */
    }
    out.push({ url, appPath });
  }
  return out;
}

/** A stored mail as the Mailbox page shows it: its text and the links in it. */
export function toMailboxMessage(mail: StoredMail): MailboxMessage {
  return {
    id: mail.id,
    to: mail.to,
    from: mail.from,
    subject: mail.subject,
    date: mail.created_at,
    text: mail.text || mail.html.replace(/<[^>]+>/g, ' '),
    links: linksOf(`${mail.text} ${mail.html}`),
  };
}
