import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { listMailbox } from '@runnerly/mail';
import { call, newEmail, startAccountsTestSystem, tokenFromMail, type AccountsTestSystem } from './testing.ts';

let sys: AccountsTestSystem;
let gw: string;
const api = (method: string, path: string, body?: unknown, bearer = gw) =>
  call(sys.urls.accounts!, method, path, body, bearer);
before(async () => {
  sys = await startAccountsTestSystem('weakpw');
  gw = await sys.gatewayToken();
});
after(async () => {
  await sys.close();
});

const weak = ['password12', '1234567890', 'aaaaaaaaaa'];

async function activeUser(tag: string, password = 'correct horse battery') {
  const email = newEmail(tag);
  assert.equal((await api('POST', '/signup', { email, password })).status, 202);
  const res = await api('POST', '/activate', {
    token: tokenFromMail((await sys.mailTo(email, 'Confirm your Runnerly account')).text, '/activate'),
  });
  assert.equal(res.status, 200);
  return { email, id: res.body.user_id as string };
}

function assertWeak(res: { status: number; body: any }, what: string) {
  assert.equal(res.status, 400, `${what}: ${JSON.stringify(res.body)}`);
  assert.equal(res.body.code, 'weak_password', what);
  assert.match(res.body.message, /common|guess|email address or name/, `${what}: says why`);
  assert.match(res.body.message, /Accepted: 10 characters or more/, `${what}: says what would do`);
}

describe('weak passwords', () => {
  it('refuses common, breached and guessable passwords at sign-up, and creates nothing', async () => {
    for (const password of weak) {
      const email = newEmail('weak');
      assertWeak(await api('POST', '/signup', { email, password }), password);
      const row = await sys.db.selectFrom('users').select('id').where('email', '=', email).executeTakeFirst();
      assert.equal(row, undefined, `${password}: no account`);
      assert.deepEqual(await listMailbox(sys.dataDir, { to: email }), [], `${password}: no mail`);
    }
    const common = await api('POST', '/signup', { email: newEmail('weak'), password: 'password12' });
    assert.match(common.body.message, /lists of common and breached passwords/);
  });

  it('refuses a password built on the address or the name', async () => {
    assertWeak(
      await api('POST', '/signup', { email: newEmail('ann'), password: 'AnnaKarenina1878', name: 'Anna Karenina' }),
      'the name',
    );
    const email = `grace.hopper+${process.pid}.${Date.now()}@example.com`;
    const res = await api('POST', '/signup', { email, password: 'grace.hopper1906', name: 'Grace Hopper' });
    assertWeak(res, 'built on the email');
    assert.match(res.body.message, /email address or name/);
  });

  it('accepts a long passphrase and a Unicode password, which then log in', async () => {
    for (const password of [
      'the river flows under the old stone bridge at dawn, every single morning',
      'Zoë läuft 🏃‍♀️ по утрам 每天早上',
    ]) {
      const { email } = await activeUser('phrase', password);
      const login = await api('POST', '/login', { email, password, ip: '10.9.0.1' });
      assert.equal(login.status, 200, password);
    }
  });

  it('refuses a weak password on reset and keeps the link usable', async () => {
    const { email } = await activeUser('reset');
    assert.equal((await api('POST', '/password/forgot', { email })).status, 202);
    const token = tokenFromMail((await sys.mailTo(email, 'Reset your Runnerly password')).text, '/reset-password');
    for (const password of weak) assertWeak(await api('POST', '/password/reset', { token, password }), password);
    assert.equal(
      (await api('POST', '/login', { email, password: 'correct horse battery', ip: '10.9.0.2' })).status,
      200,
    );
    assert.equal((await api('POST', '/password/reset', { token, password: 'purple tractor under rain' })).status, 200);
    assert.equal(
      (await api('POST', '/login', { email, password: 'purple tractor under rain', ip: '10.9.0.2' })).status,
      200,
    );
  });

  it('refuses a weak new password on a change and keeps the old one', async () => {
    const { email, id } = await activeUser('change');
    const token = await sys.userToken(id);
    for (const password of [...weak, email.split('@')[0]! + '2026']) {
      const res = await api(
        'POST',
        `/users/${id}/password`,
        { current_password: 'correct horse battery', new_password: password },
        token,
      );
      assertWeak(res, password);
    }
    assert.equal(
      (await api('POST', '/login', { email, password: 'correct horse battery', ip: '10.9.0.3' })).status,
      200,
    );
  });
});
