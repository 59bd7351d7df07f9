import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { call, newEmail, startAccountsTestSystem, tokenFromMail, type AccountsTestSystem } from './testing.ts';
import { hashToken } from './domain/tokens.ts';

let sys: AccountsTestSystem;
let gw: string;
const api = (method: string, path: string, body?: unknown, bearer = gw) =>
  call(sys.urls.accounts!, method, path, body, bearer);
before(async () => {
  sys = await startAccountsTestSystem('password');
  gw = await sys.gatewayToken();
});
after(async () => {
  await sys.close();
});

async function activeUser(tag: string, password = 'correct horse battery'): Promise<{ email: string; id: string }> {
  const email = newEmail(tag);
  await api('POST', '/signup', { email, password });
  const res = await api('POST', '/activate', {
    token: tokenFromMail((await sys.mailTo(email, 'Confirm your Runnerly account')).text, '/activate'),
  });
  return { email, id: res.body.user_id };
}

async function resetLink(email: string, after?: string): Promise<{ token: string; mailId: string }> {
  assert.equal((await api('POST', '/password/forgot', { email })).status, 202);
  const mail = await sys.mailTo(email, 'Reset your Runnerly password', after);
  return { token: tokenFromMail(mail.text, '/reset-password'), mailId: mail.id };
}

describe('password reset', () => {
  it('stores passwords as argon2id with the ASVS parameters', async () => {
    const { email } = await activeUser('hash');
    const row = await sys.db
      .selectFrom('users')
      .select('password_hash')
      .where('email', '=', email)
      .executeTakeFirstOrThrow();
    assert.match(row.password_hash, /^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
  });

  it('sets a new password with a single-use token and voids the other links', async () => {
    const { email, id } = await activeUser('reset');
    const older = await resetLink(email);
    const newer = await resetLink(email, older.mailId);
    const tokens = await sys.db.selectFrom('account_tokens').select('token_hash').where('user_id', '=', id).execute();
    assert.ok(!tokens.some((t) => t.token_hash === newer.token), 'only hashes are stored');
    const res = await api('POST', '/password/reset', { token: newer.token, password: 'a brand new password' });
    assert.equal(res.status, 200);
    assert.equal(res.body.user_id, id);
    const reused = await api('POST', '/password/reset', { token: newer.token, password: 'yet another password' });
    assert.deepEqual([reused.status, reused.body.code], [400, 'invalid_token']);
    const other = await api('POST', '/password/reset', { token: older.token, password: 'yet another password' });
    assert.deepEqual([other.status, other.body.code], [400, 'invalid_token'], 'the older link died with the reset');
    assert.equal(
      (await api('POST', '/login', { email, password: 'correct horse battery', ip: '10.1.0.1' })).status,
      401,
    );
    assert.equal(
      (await api('POST', '/login', { email, password: 'a brand new password', ip: '10.1.0.1' })).status,
      200,
    );
    await sys.mailTo(email, 'Your Runnerly password was changed');
  });

  it('refuses an expired reset link', async () => {
    const { email } = await activeUser('expired');
    const { token } = await resetLink(email);
    await sys.db
      .updateTable('account_tokens')
      .set({ expires_at: new Date(Date.now() - 1).toISOString() })
      .where('token_hash', '=', hashToken(token))
      .execute();
    const res = await api('POST', '/password/reset', { token, password: 'a brand new password' });
    assert.deepEqual([res.status, res.body.code], [400, 'invalid_token']);
  });

  it('lets an activation token not stand in for a reset token', async () => {
    const email = newEmail('kind');
    await api('POST', '/signup', { email, password: 'correct horse battery' });
    const token = tokenFromMail((await sys.mailTo(email, 'Confirm your Runnerly account')).text, '/activate');
    assert.equal(
      (await api('POST', '/password/reset', { token, password: 'a brand new password' })).body.code,
      'invalid_token',
    );
  });
});

describe('login throttling', () => {
  it('makes one client wait after 5 failures for an account, in minutes, while the runner elsewhere still signs in', async () => {
    const { email } = await activeUser('throttle');
    for (let i = 0; i < 5; i++) {
      const res = await api('POST', '/login', { email, password: `wrong password ${i}`, ip: '10.2.0.1' });
      assert.equal(res.status, 401, `attempt ${i + 1}`);
    }
    const blocked = await api('POST', '/login', { email, password: 'correct horse battery', ip: '10.2.0.1' });
    assert.equal(blocked.status, 429);
    assert.equal(blocked.body.code, 'too_many_attempts');
    assert.ok(blocked.body.retry_after > 800 && blocked.body.retry_after <= 900, String(blocked.body.retry_after));
    assert.equal(blocked.headers.get('retry-after'), String(blocked.body.retry_after));
    assert.match(blocked.body.message, /Try again in 1[45] minutes\./);
    assert.equal(
      (await api('POST', '/login', { email, password: 'correct horse battery', ip: '10.2.9.9' })).status,
      200,
      'the runner, from their own client, is not locked out',
    );
  });

  it('slows an account down after 10 failures from anywhere instead of locking it, and tells the runner', async () => {
    const { email } = await activeUser('slowdown');
    for (let i = 0; i < 10; i++) {
      const res = await api('POST', '/login', { email, password: `wrong password ${i}`, ip: `10.3.0.${i}` });
      assert.equal(res.status, 401, `attempt ${i + 1}`);
    }
    const slowed = await api('POST', '/login', { email, password: 'correct horse battery', ip: '10.3.1.1' });
    assert.equal(slowed.status, 429);
    assert.ok(slowed.body.retry_after >= 1 && slowed.body.retry_after <= 2, String(slowed.body.retry_after));
    assert.match(slowed.body.message, /seconds?\./);
    const alert = await sys.mailTo(email, 'Failed attempts to sign in to your Runnerly account');
    assert.match(alert.text, /not locked/);
    // A few seconds later the right password works: slowed down, not locked out.
    await sys.db
      .updateTable('login_failures')
      .set({ created_at: new Date(Date.now() - 5000).toISOString() })
      .where('email', '=', email)
      .execute();
    assert.equal(
      (await api('POST', '/login', { email, password: 'correct horse battery', ip: '10.3.1.1' })).status,
      200,
    );
  });

  it('does not lock out everyone behind an address after 20 failures from it', async () => {
    const ip = '192.0.2.77';
    for (let i = 0; i < 20; i++) {
      const res = await api('POST', '/login', { email: newEmail(`spray${i}`), password: 'wrong password', ip });
      assert.equal(res.status, 401, `attempt ${i + 1}`);
    }
    const { email } = await activeUser('neighbour');
    assert.equal((await api('POST', '/login', { email, password: 'correct horse battery', ip })).status, 200);
  });

  it('counts wrong current passwords on a password change', async () => {
    const { id } = await activeUser('change');
    const token = await sys.userToken(id);
    const wrong = await api(
      'POST',
      `/users/${id}/password`,
      { current_password: 'not it at all', new_password: 'a brand new password' },
      token,
    );
    assert.deepEqual([wrong.status, wrong.body.code], [400, 'wrong_password']);
    const ok = await api(
      'POST',
      `/users/${id}/password`,
      { current_password: 'correct horse battery', new_password: 'a brand new password' },
      token,
    );
    assert.equal(ok.status, 204);
    for (let i = 0; i < 5; i++)
      await api(
        'POST',
        `/users/${id}/password`,
        { current_password: 'not it at all', new_password: 'whatever password' },
        token,
      );
    const blocked = await api(
      'POST',
      `/users/${id}/password`,
      { current_password: 'a brand new password', new_password: 'whatever password' },
      token,
    );
    assert.equal(blocked.status, 429);
  });
});
