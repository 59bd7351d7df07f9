import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ACCEPTED_PASSWORDS, judgeNewPassword, personalWords } from './password-strength.ts';

describe('new passwords', () => {
  it('refuses the common and breached passwords that pass a length rule, saying why and what works', () => {
    for (const password of ['password12', '1234567890', 'qwertyuiop', 'iloveyou123', 'P@ssw0rd2026']) {
      const verdict = judgeNewPassword(password);
      assert.equal(verdict.ok, false, password);
      if (verdict.ok) continue;
      assert.match(verdict.message, /common|guess/, password);
      assert.ok(verdict.message.endsWith(ACCEPTED_PASSWORDS), 'says what would be accepted');
    }
    const common = judgeNewPassword('password12');
    assert.equal(!common.ok && common.reason, 'common');
    assert.match(!common.ok ? common.message : '', /common and breached passwords/);
  });

  it('refuses repeats, sequences and keyboard walks as too easy to guess', () => {
    for (const password of ['aaaaaaaaaa', 'abcdefghijkl', 'asdfghjkl;', '1111122222', 'a'.repeat(200)]) {
      const verdict = judgeNewPassword(password);
      assert.equal(verdict.ok, false, password);
    }
    const repeat = judgeNewPassword('aaaaaaaaaa');
    assert.equal(!repeat.ok && repeat.reason, 'guessable');
    assert.match(!repeat.ok ? repeat.message : '', /too easy to guess\. Repeated characters/);
  });

  it("refuses a password built on the runner's own address or name", () => {
    const me = { email: 'Ada.Lovelace@example.com', name: 'Ada Runner' };
    for (const password of ['ada.lovelace1815', 'lovelace2026!', 'Ada Runner 2026']) {
      const verdict = judgeNewPassword(password, me);
      assert.equal(verdict.ok, false, password);
      assert.equal(!verdict.ok && verdict.reason, 'personal', password);
    }
    assert.equal(judgeNewPassword('lovelace2026!').ok, true, 'the same password is fine for somebody else');
    assert.deepEqual(personalWords(me).sort(), [
      'ada',
      'ada runner',
      'ada.lovelace',
      'ada.lovelace@example.com',
      'adarunner',
      'lovelace',
      'runner',
    ]);
  });

  it('accepts long passphrases of ordinary words, without any composition rule', () => {
    for (const password of [
      'correct horse battery',
      'the river flows under the old stone bridge at dawn',
      'purple tractor under rain',
      'x'.repeat(3) + ' my long morning run by the lake, every sunday since 2019 '.repeat(3),
    ]) {
      assert.equal(judgeNewPassword(password).ok, true, password);
    }
  });

  it('accepts any Unicode: accents, other scripts, emoji', () => {
    for (const password of [
      'Zoë court à Orléans',
      'пароль для бега по утрам',
      '我喜欢在早上跑步很长时间',
      'Ünïcødé—密码—🏃‍♀️🏃‍♂️',
    ]) {
      const verdict = judgeNewPassword(password, { email: 'zoe@example.com', name: 'Zoë' });
      assert.equal(verdict.ok, true, `${password}: ${verdict.ok ? '' : verdict.message}`);
    }
  });
});
