import { ZxcvbnFactory, type ZxcvbnResult } from '@zxcvbn-ts/core';
import { adjacencyGraphs, dictionary as commonDictionary } from '@zxcvbn-ts/language-common';
import { dictionary as englishDictionary, translations } from '@zxcvbn-ts/language-en';

/**
 * zxcvbn's score (0–4) a new password needs: 3 is "safely unguessable" against an offline attack
 * on a slow hash (at least 10^8 guesses), which argon2id makes the only attack worth running.
 */
export const MIN_SCORE = 3;

/**
 * Characters the estimator reads (the password itself may be longer: up to 200). Its cost grows
 * with length, and 64 characters of a real passphrase are far past any threshold.
 */
export const ESTIMATED_LENGTH = 64;

export type PasswordVerdict =
  | { ok: true; score: number }
  | { ok: false; reason: 'common' | 'personal' | 'guessable'; score: number; message: string };

/** What every refusal ends with: what would be accepted. */
export const ACCEPTED_PASSWORDS =
  'Accepted: 10 characters or more that are hard to guess, such as three or four unrelated words ("purple tractor under rain"); spaces, accents, emoji and any other characters are welcome.';

let estimator: ZxcvbnFactory | undefined;

/** The estimator with the common and breached password lists, English words and names, keyboard layouts. */
function zxcvbn(): ZxcvbnFactory {
  estimator ??= new ZxcvbnFactory({
    dictionary: { ...commonDictionary, ...englishDictionary },
    graphs: adjacencyGraphs,
    translations,
    maxLength: ESTIMATED_LENGTH,
    // Each allowed substitution multiplies the l33t matcher's work; a few catch "p@ssw0rd".
    l33tMaxSubstitutions: 4,
  });
  return estimator;
}

/** The address, its local part and the words of the name: a password must not be built on them. */
export function personalWords(personal: { email?: string; name?: string | null }): string[] {
  const words = new Set<string>();
  const email = personal.email?.trim().toLowerCase();
  if (email) {
    words.add(email);
    const local = email.split('@')[0] ?? '';
    if (local.length >= 3) words.add(local);
    const beforePlus = local.split('+')[0] ?? '';
    if (beforePlus.length >= 3) words.add(beforePlus);
    for (const part of local.split(/[^\p{L}\p{N}]+/u)) if (part.length >= 3) words.add(part);
  }
  const name = (personal.name ?? '').trim().toLowerCase();
  if (name.length >= 3) words.add(name);
  const joined = name.replace(/[^\p{L}\p{N}]+/gu, '');
  if (joined.length >= 3) words.add(joined);
  for (const part of name.split(/[^\p{L}\p{N}]+/u)) if (part.length >= 3) words.add(part);
  return [...words];
}

function coversAll(result: ZxcvbnResult, password: string, dictionaryName: string): boolean {
  const length = Math.min(password.length, ESTIMATED_LENGTH);
  const matched = result.sequence
    .filter((m) => m.pattern === 'dictionary' && 'dictionaryName' in m && m.dictionaryName === dictionaryName)
    .reduce((sum, m) => sum + m.token.length, 0);
  return matched >= length - 4;
}

/**
 * Whether a new password (sign-up, change, reset) is accepted, as OWASP ASVS 5 asks (V6.2):
 * no composition rules, any Unicode, passphrases welcome, but never one of the common or
 * breached passwords, nothing built on the runner's own address or name, and nothing a strength
 * estimator guesses in fewer than 10^8 tries. Offline: the lists ship with the estimator.
 */
export function judgeNewPassword(
  password: string,
  personal: { email?: string; name?: string | null } = {},
): PasswordVerdict {
  const result = zxcvbn().check(password, personalWords(personal));
  const score = result.score;
  if (score >= MIN_SCORE) return { ok: true, score };
  if (coversAll(result, password, 'passwords-common'))
    return {
      ok: false,
      reason: 'common',
      score,
      message: `This password is on the lists of common and breached passwords that attackers try first. ${ACCEPTED_PASSWORDS}`,
    };
  if (
    result.sequence.some(
      (m) => m.pattern === 'dictionary' && 'dictionaryName' in m && m.dictionaryName === 'userInputs',
    )
  )
    return {
      ok: false,
      reason: 'personal',
      score,
      message: `This password is built on your email address or name, which an attacker tries first. ${ACCEPTED_PASSWORDS}`,
    };
  const why = result.feedback.warning ? ` ${result.feedback.warning.replace(/\.?$/, '.')}` : '';
  return {
    ok: false,
    reason: 'guessable',
    score,
    message: `This password is too easy to guess.${why} ${ACCEPTED_PASSWORDS}`,
  };
}
