import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { OTHER_USER_ID, USER_ID } from '../testing.ts';
import { signUnsubscribeToken, unsubscribeHeaders, unsubscribeUrl, verifyUnsubscribeToken } from './unsubscribe.ts';

const key = randomBytes(32);

/** The same token with one character of its signature changed (the first, whose bits all count). */
function flip(token: string): string {
  const at = token.lastIndexOf('.') + 1;
  return token.slice(0, at) + (token[at] === 'A' ? 'B' : 'A') + token.slice(at + 1);
}

describe('one-click unsubscribe token', () => {
  test('a token made for a user is read back as that user', () => {
    const token = signUnsubscribeToken(USER_ID, key);
    assert.match(token, /^u1\.[0-9a-f-]{36}\.[A-Za-z0-9_-]{43}$/);
    assert.equal(verifyUnsubscribeToken(token, key), USER_ID);
    assert.equal(signUnsubscribeToken(USER_ID, key), token, 'the same link in every mail');
  });

  test('a token cannot be moved to another user', () => {
    const token = signUnsubscribeToken(USER_ID, key);
    const moved = token.replace(USER_ID, OTHER_USER_ID);
    assert.equal(verifyUnsubscribeToken(moved, key), null);
    const upper = token.replace(USER_ID, USER_ID.toUpperCase());
    assert.equal(verifyUnsubscribeToken(upper, key), null);
  });

  test('an altered, truncated or extended signature is refused', () => {
    const token = signUnsubscribeToken(USER_ID, key);
    assert.equal(verifyUnsubscribeToken(flip(token), key), null);
    assert.equal(verifyUnsubscribeToken(token.slice(0, -1), key), null);
    assert.equal(verifyUnsubscribeToken(`${token}A`, key), null);
    assert.equal(verifyUnsubscribeToken(token.replace(/^u1/, 'u2'), key), null);
  });

  test('the other spellings of the same signature bytes are refused', () => {
    const token = signUnsubscribeToken(USER_ID, key);
    const last = token.at(-1)!;
    // The last of 43 characters carries 6 bits of which the lowest 2 are padding.
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    const twin = alphabet[alphabet.indexOf(last) ^ 1]!;
    assert.equal(verifyUnsubscribeToken(token.slice(0, -1) + twin, key), null);
  });

  test('a token forged without the key, or with another key, is refused', () => {
    const forged = `u1.${OTHER_USER_ID}.${randomBytes(32).toString('base64url')}`;
    assert.equal(verifyUnsubscribeToken(forged, key), null);
    assert.equal(verifyUnsubscribeToken(signUnsubscribeToken(USER_ID, randomBytes(32)), key), null);
  });

  test('a token for another purpose does not unsubscribe from monthly reports', () => {
    const token = signUnsubscribeToken(USER_ID, key, 'race-reminders');
    assert.equal(verifyUnsubscribeToken(token, key), null);
    assert.equal(verifyUnsubscribeToken(token, key, 'race-reminders'), USER_ID);
  });

  test('after a key change, links signed with the previous key work while it is listed', () => {
    const previous = randomBytes(32);
    const current = randomBytes(32);
    const old = signUnsubscribeToken(USER_ID, previous);
    assert.equal(verifyUnsubscribeToken(old, [current, previous]), USER_ID);
    assert.equal(verifyUnsubscribeToken(signUnsubscribeToken(USER_ID, current), [current, previous]), USER_ID);
    assert.equal(verifyUnsubscribeToken(old, [current]), null);
  });

  test('garbage is refused, not thrown on', () => {
    for (const bad of ['', 'u1', 'u1..', `u1.${USER_ID}.`, 'x'.repeat(5000), `u1.${USER_ID}.${'A'.repeat(43)}\n`]) {
      assert.equal(verifyUnsubscribeToken(bad, key), null, JSON.stringify(bad.slice(0, 20)));
    }
    assert.equal(verifyUnsubscribeToken(123 as unknown as string, key), null);
  });

  test('a short key or a user id that is not a UUID is a mistake of the caller', () => {
    assert.throws(() => signUnsubscribeToken(USER_ID, randomBytes(16)), /32 bytes/);
    assert.throws(() => verifyUnsubscribeToken('u1.x.y', randomBytes(31)), /32 bytes/);
    assert.throws(() => verifyUnsubscribeToken('u1.x.y', []), /no unsubscribe key/);
    assert.throws(() => signUnsubscribeToken('ann', key), /UUID/);
  });
});

describe('RFC 8058 headers', () => {
  test('one HTTPS URL in angle brackets and the one-click POST body', () => {
    const url = unsubscribeUrl('https://runnerly.example/api/reports/unsubscribe', signUnsubscribeToken(USER_ID, key));
    assert.deepEqual(unsubscribeHeaders(url), {
      'List-Unsubscribe': `<${url}>`,
      'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
    });
    const token = new URL(url).searchParams.get('token')!;
    assert.equal(verifyUnsubscribeToken(token, key), USER_ID, 'the URL carries the token unchanged');
  });

  test('plain HTTP only on a loopback host (the embedded setup)', () => {
    assert.doesNotThrow(() => unsubscribeHeaders('http://127.0.0.1:8080/api/reports/unsubscribe?token=t'));
    assert.doesNotThrow(() => unsubscribeHeaders('http://localhost:8080/u?token=t'));
    assert.throws(() => unsubscribeHeaders('http://runnerly.example/u?token=t'), /https/);
    assert.throws(() => unsubscribeHeaders('mailto:unsubscribe@runnerly.example'), /https/);
  });
});
