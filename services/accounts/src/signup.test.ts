import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startTestSmtpServer, recipientOf, type TestSmtpServer } from '@runnerly/mail/testing';
import { call, newEmail, startAccountsTestSystem, tokenFromMail, type AccountsTestSystem } from './testing.ts';
import { hashToken } from './domain/tokens.ts';

let sys: AccountsTestSystem;
let gw: string;
const api = (method: string, path: string, body?: unknown, bearer = gw) =>
  call(sys.urls.accounts!, method, path, body, bearer);
before(async () => {
  sys = await startAccountsTestSystem('signup');
  gw = await sys.gatewayToken();
});
after(async () => {
  await sys.close();
});

describe('sign-up and activation', () => {
  it('signs up, mails an activation link to the development mailbox, activates, logs in', async () => {
    const email = newEmail('ann');
    const res = await api('POST', '/signup', {
      email: `  ${email.toUpperCase()} `,
      password: 'correct horse battery',
      name: 'Ann',
    });
    assert.equal(res.status, 202);
    assert.equal(typeof res.body.message, 'string');
    const mail = await sys.mailTo(email, 'Confirm your Runnerly account');
    assert.ok(mail.text.includes(`${sys.dashboardUrl}/activate?token=`), mail.text);
    assert.ok(mail.html.includes('Welcome to Runnerly, Ann'));
    const token = tokenFromMail(mail.text, '/activate');
    const refused = await api('POST', '/login', { email, password: 'correct horse battery', ip: '10.0.0.1' });
    assert.equal(refused.status, 403);
    assert.equal(refused.body.code, 'account_not_activated');
    const activated = await api('POST', '/activate', { token });
    assert.equal(activated.status, 200);
    const login = await api('POST', '/login', {
      email: email.toUpperCase(),
      password: 'correct horse battery',
      ip: '10.0.0.1',
    });
    assert.equal(login.status, 200);
    assert.equal(login.body.user.id, activated.body.user_id);
    assert.equal(login.body.user.email, email);
    assert.equal(login.body.user.name, 'Ann');
    assert.ok(login.body.user.activated_at);
    assert.ok(!('password_hash' in login.body.user));
  });

  it('sends the activation mail through a real SMTP server when SMTP_URL is set', async () => {
    const smtp: TestSmtpServer = await startTestSmtpServer();
    try {
      const second = await sys.startAccounts({ SMTP_URL: smtp.url, DASHBOARD_URL: 'https://runnerly.example.org/' });
      const email = newEmail('smtp');
      const res = await call(second.url, 'POST', '/signup', { email, password: 'correct horse battery' }, gw);
      assert.equal(res.status, 202);
      const mail = await smtp.waitFor((m) => recipientOf(m) === email);
      assert.equal(mail.subject, 'Confirm your Runnerly account');
      assert.ok(typeof mail.html === 'string' && mail.html.includes('https://runnerly.example.org/activate?token='));
      const token = tokenFromMail(mail.text ?? '', 'https://runnerly.example.org/activate');
      assert.equal((await call(second.url, 'POST', '/activate', { token }, gw)).status, 200);
      const login = await call(
        second.url,
        'POST',
        '/login',
        { email, password: 'correct horse battery', ip: '10.0.0.2' },
        gw,
      );
      assert.equal(login.status, 200);
    } finally {
      await smtp.close();
    }
  });

  it('refuses an activation link used twice or expired', async () => {
    const email = newEmail('reuse');
    await api('POST', '/signup', { email, password: 'correct horse battery' });
    const token = tokenFromMail((await sys.mailTo(email, 'Confirm your Runnerly account')).text, '/activate');
    assert.equal((await api('POST', '/activate', { token })).status, 200);
    const again = await api('POST', '/activate', { token });
    assert.equal(again.status, 400);
    assert.equal(again.body.code, 'invalid_token');

    const late = newEmail('late');
    await api('POST', '/signup', { email: late, password: 'correct horse battery' });
    const lateToken = tokenFromMail((await sys.mailTo(late, 'Confirm your Runnerly account')).text, '/activate');
    await sys.db
      .updateTable('account_tokens')
      .set({ expires_at: new Date(Date.now() - 1000).toISOString() })
      .where('token_hash', '=', hashToken(lateToken))
      .execute();
    const expired = await api('POST', '/activate', { token: lateToken });
    assert.equal(expired.status, 400);
    assert.equal(expired.body.code, 'invalid_token');
    const bogus = await api('POST', '/activate', { token: 'A'.repeat(43) });
    assert.equal(bogus.body.code, 'invalid_token');
    assert.equal(
      (await api('POST', '/login', { email: late, password: 'correct horse battery', ip: '10.0.0.3' })).body.code,
      'account_not_activated',
    );
  });
});

describe("the new account's zone", () => {
  async function signUpIn(zone: unknown, tag: string, email = newEmail(tag)) {
    const res = await api('POST', '/signup', { email, password: 'correct horse battery', time_zone: zone });
    assert.equal(res.status, 202);
    const mail = await sys.mailTo(email, 'Confirm your Runnerly account');
    const activated = await api('POST', '/activate', { token: tokenFromMail(mail.text, '/activate') });
    const id = activated.body.user_id as string;
    const profile = await api('GET', `/users/${id}/profile`, undefined, await sys.userToken(id));
    return profile.body.time_zone as string;
  }

  it("is the browser's zone sent at sign-up", async () => {
    assert.equal(await signUpIn('Europe/Paris', 'paris'), 'Europe/Paris');
    assert.equal(await signUpIn('America/Argentina/Buenos_Aires', 'ba'), 'America/Argentina/Buenos_Aires');
  });

  it('is UTC when the browser sends none, or a name the server does not know (no error)', async () => {
    assert.equal(await signUpIn(undefined, 'nozone'), 'UTC');
    assert.equal(await signUpIn('Mars/Olympus_Mons', 'mars'), 'UTC');
  });

  it('answers 400 for a value that is not a zone name, and creates nothing', async () => {
    const email = newEmail('badzone');
    for (const zone of ['', 'Europe/Paris; DROP TABLE', 42, 'x'.repeat(65)]) {
      const res = await api('POST', '/signup', { email, password: 'correct horse battery', time_zone: zone });
      assert.deepEqual([res.status, res.body.code], [400, 'invalid_request'], String(zone));
    }
    const login = await api('POST', '/login', { email, password: 'correct horse battery', ip: '10.0.2.1' });
    assert.equal(login.status, 401);
  });

  it('does not change the zone of an address that has an account (same answer as a new one)', async () => {
    const email = newEmail('keeps');
    assert.equal(await signUpIn('Asia/Tokyo', 'keeps', email), 'Asia/Tokyo');
    const again = await api('POST', '/signup', { email, password: 'another password here', time_zone: 'Europe/Paris' });
    assert.equal(again.status, 202);
    const login = await api('POST', '/login', { email, password: 'correct horse battery', ip: '10.0.2.2' });
    const profile = await api(
      'GET',
      `/users/${login.body.user.id}/profile`,
      undefined,
      await sys.userToken(login.body.user.id),
    );
    assert.equal(profile.body.time_zone, 'Asia/Tokyo');
  });
});

describe('no account enumeration', () => {
  it('answers sign-up the same for a new and a taken address, and mails the owner a notice instead', async () => {
    const email = newEmail('taken');
    const first = await api('POST', '/signup', { email, password: 'correct horse battery' });
    const token = tokenFromMail((await sys.mailTo(email, 'Confirm your Runnerly account')).text, '/activate');
    await api('POST', '/activate', { token });
    const second = await api('POST', '/signup', { email, password: 'another password here' });
    assert.equal(second.status, first.status);
    assert.deepEqual(second.body, first.body);
    const notice = await sys.mailTo(email, 'Someone tried to sign up with your address');
    assert.ok(notice.text.includes('/forgot-password'));
    const login = await api('POST', '/login', { email, password: 'correct horse battery', ip: '10.0.1.1' });
    assert.equal(login.status, 200, 'the first password still works: the second sign-up changed nothing');
  });

  it('answers forgot-password the same for a known and an unknown address', async () => {
    const known = newEmail('known');
    await api('POST', '/signup', { email: known, password: 'correct horse battery' });
    const a = await api('POST', '/password/forgot', { email: known });
    const b = await api('POST', '/password/forgot', { email: newEmail('nobody') });
    const c = await api('POST', '/password/forgot', { email: 'not an address' });
    assert.deepEqual([a.status, b.status, c.status], [202, 202, 202]);
    assert.deepEqual(a.body, b.body);
    assert.deepEqual(a.body, c.body);
    await sys.mailTo(known, 'Reset your Runnerly password');
  });

  it('answers an unknown email and a wrong password the same way', async () => {
    const email = newEmail('same');
    await api('POST', '/signup', { email, password: 'correct horse battery' });
    await api('POST', '/activate', {
      token: tokenFromMail((await sys.mailTo(email, 'Confirm your Runnerly account')).text, '/activate'),
    });
    const wrong = await api('POST', '/login', { email, password: 'wrong password!', ip: '10.0.2.1' });
    const unknown = await api('POST', '/login', {
      email: newEmail('ghost'),
      password: 'wrong password!',
      ip: '10.0.2.2',
    });
    assert.deepEqual([wrong.status, unknown.status], [401, 401]);
    assert.deepEqual(wrong.body, unknown.body);
    assert.equal(wrong.body.code, 'invalid_credentials');
  });
});

describe('bad input', () => {
  it('answers 400 {code, message} and creates nothing', async () => {
    const email = newEmail('bad');
    const cases: Array<[string, string, unknown, string]> = [
      ['short password', '/signup', { email, password: 'short' }, 'invalid_request'],
      ['long password', '/signup', { email, password: 'x'.repeat(201) }, 'invalid_request'],
      ['not an email', '/signup', { email: 'nobody', password: 'correct horse battery' }, 'invalid_email'],
      ['unknown field', '/signup', { email, password: 'correct horse battery', admin: true }, 'invalid_request'],
      ['missing password', '/signup', { email }, 'invalid_request'],
      ['malformed JSON', '/signup', '{"email":', 'invalid_json'],
      ['login without ip', '/login', { email, password: 'correct horse battery' }, 'invalid_request'],
      ['token with odd characters', '/activate', { token: '../../../../etc/passwd/aaaaaaaaa' }, 'invalid_request'],
      ['reset with short password', '/password/reset', { token: 'A'.repeat(43), password: 'short' }, 'invalid_request'],
    ];
    for (const [label, path, body, code] of cases) {
      const res = await api('POST', path, body);
      assert.equal(res.status, 400, label);
      assert.equal(res.body.code, code, label);
      assert.equal(typeof res.body.message, 'string', label);
      assert.ok(!/at .*\.ts:\d+/.test(res.body.message), `${label}: no stack trace`);
    }
    const count = await sys.db
      .selectFrom('users')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('email', '=', email)
      .executeTakeFirst();
    assert.equal(Number(count?.n), 0);
  });

  it("needs the gateway's scope for visitor routes", async () => {
    assert.equal(
      (await api('POST', '/signup', { email: newEmail(), password: 'correct horse battery' }, '')).status,
      401,
    );
    const userToken = await sys.userToken('7b0f5c1e-4c8e-4b43-9a52-1c6e9b8d0a11');
    const res = await api(
      'POST',
      '/login',
      { email: newEmail(), password: 'correct horse battery', ip: '1.1.1.1' },
      userToken,
    );
    assert.equal(res.status, 403);
  });
});
