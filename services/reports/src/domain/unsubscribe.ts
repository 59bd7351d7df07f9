import { createHmac, timingSafeEqual } from 'node:crypto';
import { isUserId } from './message-id.ts';

/** What a token unsubscribes from (`monthly-report`); a token made for one purpose is refused for any other. */
export type UnsubscribePurpose = string;
const PURPOSE = /^[a-z][a-z0-9-]{0,39}$/;

const VERSION = 'u1';
const TOKEN = /^u1\.([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\.([A-Za-z0-9_-]{43})$/;
const MIN_KEY_BYTES = 32;

type Key = Uint8Array;

function checkKey(key: Key): void {
  if (!(key instanceof Uint8Array) || key.byteLength < MIN_KEY_BYTES) {
    throw new RangeError(`an unsubscribe key has at least ${MIN_KEY_BYTES} bytes`);
  }
}

function mac(key: Key, userId: string, purpose: UnsubscribePurpose): Buffer {
  if (!PURPOSE.test(purpose)) throw new RangeError(`not a purpose name: ${purpose}`);
  return createHmac('sha256', key).update(`runnerly-unsubscribe/${VERSION}\n${purpose}\n${userId}`).digest();
}

/**
 * A one-click unsubscribe token: `u1.<user id>.<HMAC-SHA256 over version, purpose and user id>`.
 * It never expires (a link in a year-old mail still works) and does one thing: turn that
 * user's `purpose` mails off. Changing the user id, the purpose or one character of the
 * signature makes it worthless without the key.
 */
export function signUnsubscribeToken(userId: string, key: Key, purpose: UnsubscribePurpose = 'monthly-report'): string {
  checkKey(key);
  if (!isUserId(userId)) throw new RangeError('userId is not a lower-case UUID');
  return `${VERSION}.${userId}.${mac(key, userId, purpose).toString('base64url')}`;
}

/**
 * The user a token was made for, or null when it was not made with one of `keys` for
 * `purpose`. Signatures are compared in constant time; pass the current key first and the
 * previous ones after it while links signed with them are still around.
 */
export function verifyUnsubscribeToken(
  token: string,
  keys: Key | readonly Key[],
  purpose: UnsubscribePurpose = 'monthly-report',
): string | null {
  const list = keys instanceof Uint8Array ? [keys] : keys;
  if (!list.length) throw new RangeError('no unsubscribe key');
  list.forEach(checkKey);
  const m = typeof token === 'string' && token.length < 200 ? TOKEN.exec(token) : null;
  if (!m) return null;
  const userId = m[1]!;
  const given = Buffer.from(m[2]!, 'base64url');
  // 43 base64url characters hold 258 bits: the last character's spare bits must be zero, so
  // that exactly one spelling of a signature is accepted.
  if (given.length !== 32 || given.toString('base64url') !== m[2]) return null;
  let ok = false;
  for (const key of list) ok = timingSafeEqual(given, mac(key, userId, purpose)) || ok;
  return ok ? userId : null;
}

/** The link a mail carries: the unsubscribe endpoint with the token in its query. */
export function unsubscribeUrl(endpoint: string, token: string): string {
  const url = new URL(endpoint);
  url.searchParams.set('token', token);
  return url.href;
}

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * RFC 8058 one-click unsubscribe headers for a mail. The URL must be HTTPS (a mailbox provider
 * POSTs `List-Unsubscribe=One-Click` to it); plain HTTP is accepted only on a loopback host,
 * for the embedded development setup. RFC 8058 also wants a DKIM signature covering both.
 */
export function unsubscribeHeaders(url: string): { 'List-Unsubscribe': string; 'List-Unsubscribe-Post': string } {
  const parsed = new URL(url);
  if (parsed.protocol !== 'https:' && !(parsed.protocol === 'http:' && LOOPBACK.has(parsed.hostname))) {
    throw new RangeError('a one-click unsubscribe URL must be https');
  }
  if (/[\s<>"]/.test(parsed.href)) throw new RangeError('the unsubscribe URL cannot go in a header');
  return { 'List-Unsubscribe': `<${parsed.href}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' };
}
