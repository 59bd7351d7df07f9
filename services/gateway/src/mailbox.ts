import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';

export interface MailboxMessage {
  id: string;
  to: string;
  from: string;
  subject: string;
  date: string;
  text: string;
  links: Array<{ url: string; appPath: string | null }>;
}

const linkPattern = /https?:\/\/[^\s"'<>)\]]+/g;
/** Paths of the dashboard itself: a link to one is also offered relative to the gateway. */
const appPaths = /^\/(activate|reset-password|reset|forgot-password|login|signup)(\/|$)/;

function str(v: unknown): string {
  if (typeof v === 'string') return v;
  if (Array.isArray(v)) return v.map(str).join(', ');
  if (v && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    if (typeof o.text === 'string') return o.text;
    if (typeof o.address === 'string') return o.address;
    if (Array.isArray(o.value)) return str(o.value);
  }
  return v === undefined || v === null ? '' : String(v);
}

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

async function jsonFiles(dir: string, depth = 0): Promise<string[]> {
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch {
    return [];
  }
  const out: string[] = [];
  for (const e of entries) {
    const full = join(dir, e.name);
    if (e.isDirectory() && depth < 2) out.push(...(await jsonFiles(full, depth + 1)));
    else if (e.isFile() && e.name.endsWith('.json')) out.push(full);
  }
  return out;
}

/**
 * The development mailbox: every JSON mail written under `<dataDir>/mailbox/`, newest first,
 * with the links found in it (so a newcomer can click the activation link).
 */
export async function listMailbox(dir: string, limit = 100): Promise<MailboxMessage[]> {
  const files = await jsonFiles(dir);
  const messages: MailboxMessage[] = [];
  for (const file of files) {
    try {
      const raw = JSON.parse(await readFile(file, 'utf8')) as Record<string, unknown>;
      const text = str(raw.text) || str(raw.html).replace(/<[^>]+>/g, ' ');
      const date =
        str(raw.date ?? raw.sentAt ?? raw.sent_at ?? raw.createdAt ?? raw.created_at) ||
        (await stat(file)).mtime.toISOString();
      messages.push({
        id: str(raw.id) || file.slice(dir.length + 1).replace(/\.json$/, ''),
        to: str(raw.to),
        from: str(raw.from),
        subject: str(raw.subject),
        date,
        text,
        links: linksOf(`${str(raw.text)} ${str(raw.html)}`),
      });
    } catch {
      /* a file being written or not a mail: skip */
    }
  }
  messages.sort((a, b) => (a.date < b.date ? 1 : a.date > b.date ? -1 : 0));
  return messages.slice(0, limit);
}
