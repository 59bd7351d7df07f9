import { randomBytes } from 'node:crypto';
import { mkdir, readdir, readFile, writeFile, rename } from 'node:fs/promises';
import { join } from 'node:path';

/** A mail kept in the development mailbox. */
export interface StoredMail {
  id: string;
  to: string;
  from: string;
  subject: string;
  text: string;
  html: string;
  created_at: string;
  message_id?: string;
  headers?: Record<string, string>;
  /** The tag of the browser whose request caused it (see OutgoingMail.tag). */
  tag?: string;
}

export type MailSummary = Pick<StoredMail, 'id' | 'to' | 'from' | 'subject' | 'created_at'>;

const ID = /^[0-9]{13}-[0-9a-f]{8}$/;

export const mailboxDir = (dataDir: string) => join(dataDir, 'mailbox');

/** Ids sort by time: milliseconds since the epoch, then a random suffix. */
export function newMailId(now = Date.now()): string {
  return `${String(now).padStart(13, '0')}-${randomBytes(4).toString('hex')}`;
}

/** Writes one mail as `<dataDir>/mailbox/<id>.json` (atomically: readers never see half a file). */
export async function storeMail(dataDir: string, mail: StoredMail): Promise<void> {
  const dir = mailboxDir(dataDir);
  // eslint-disable-next-line security/detect-non-literal-fs-filename -- DATA_DIR/mailbox, from the settings
  await mkdir(dir, { recursive: true });
  const tmp = join(dir, `.${mail.id}.tmp`);
  // eslint-disable-next-line security/detect-non-literal-fs-filename -- DATA_DIR/mailbox/<generated id>
  await writeFile(tmp, JSON.stringify(mail, null, 2), { mode: 0o600 });
  // eslint-disable-next-line security/detect-non-literal-fs-filename -- DATA_DIR/mailbox/<generated id>
  await rename(tmp, join(dir, `${mail.id}.json`));
}

/** The ids of the stored mails, newest first (none when the mailbox does not exist yet). */
async function mailIds(dataDir: string): Promise<string[]> {
  let names: string[];
  try {
    // eslint-disable-next-line security/detect-non-literal-fs-filename -- DATA_DIR/mailbox, from the settings
    names = await readdir(mailboxDir(dataDir));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
  return names
    .filter((n) => n.endsWith('.json'))
    .map((n) => n.slice(0, -5))
    .filter((id) => ID.test(id))
    .sort()
    .reverse();
}

/** Every mail in the development mailbox, newest first, without bodies. */
export async function listMailbox(
  dataDir: string,
  options: { to?: string; limit?: number } = {},
): Promise<MailSummary[]> {
  const ids = await mailIds(dataDir);
  const out: MailSummary[] = [];
  for (const id of ids) {
    const mail = await readMailbox(dataDir, id);
    if (!mail) continue;
    if (options.to && mail.to.toLowerCase() !== options.to.toLowerCase()) continue;
    out.push({ id: mail.id, to: mail.to, from: mail.from, subject: mail.subject, created_at: mail.created_at });
    if (options.limit && out.length >= options.limit) break;
  }
  return out;
}

/** One mail, or undefined when there is no such id (ids from anywhere are safe to pass). */
export async function readMailbox(dataDir: string, id: string): Promise<StoredMail | undefined> {
  if (!ID.test(id)) return undefined;
  try {
    // eslint-disable-next-line security/detect-non-literal-fs-filename -- the id is checked against ID (no separator) just above
    return JSON.parse(await readFile(join(mailboxDir(dataDir), `${id}.json`), 'utf8')) as StoredMail;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}

/**
 * The mails a development-mailbox reader may see: those carrying this browser's tag, or
 * addressed to this (signed-in) address; newest first, whole. Nothing without a filter.
 */
export async function mailsFor(
  dataDir: string,
  filter: { tag?: string | undefined; to?: string | undefined },
  limit = 50,
): Promise<StoredMail[]> {
  if (!filter.tag && !filter.to) return [];
  const to = filter.to?.toLowerCase();
  const ids = await mailIds(dataDir);
  const out: StoredMail[] = [];
  for (const id of ids) {
    const mail = await readMailbox(dataDir, id);
    if (!mail) continue;
    if ((filter.tag && mail.tag === filter.tag) || (to && mail.to.toLowerCase() === to)) out.push(mail);
    if (out.length >= limit) break;
  }
  return out;
}
