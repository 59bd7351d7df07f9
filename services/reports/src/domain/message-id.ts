import { isMonth } from './calendar.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
// eslint-disable-next-line security/detect-unsafe-regex -- each repeated label starts with a dot and is at most 63 characters, the whole capped at 253 by the lookahead: no ambiguous backtracking
const HOST = /^(?=.{1,253}$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*$/i;

export const isUserId = (value: string) => UUID.test(value);

/**
 * The Message-ID of a runner's report for a month, the same on every attempt:
 * `<report.2026-03.<user id>@runnerly.example>`. A send repeated after a crash between the SMTP
 * server's acceptance and the ledger write carries the same id, so a mail store that keeps one
 * message per id (Gmail does) shows it once, and the runner can tell it is the same report.
 */
export function reportMessageId(userId: string, month: string, domain: string): string {
  if (!isUserId(userId)) throw new RangeError('userId is not a lower-case UUID');
  if (!isMonth(month)) throw new RangeError(`not a month: ${month}`);
  if (!HOST.test(domain)) throw new RangeError(`not a domain name: ${domain}`);
  return `<report.${month}.${userId}@${domain.toLowerCase()}>`;
}

/** The domain of a sender address (`Runnerly <no-reply@runnerly.example>` → `runnerly.example`). */
export function senderDomain(from: string): string {
  const domain = /@([^>\s]+)>?\s*$/.exec(from)?.[1];
  if (!domain || !HOST.test(domain)) throw new RangeError(`no domain in the sender address ${from}`);
  return domain.toLowerCase();
}
