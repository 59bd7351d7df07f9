// export.ready (from the imports service's outbox) → the accounts service mails the runner a
// link to the Account page, where the export is downloaded with their session. Over the bus of
// the suite's mode: in-process, or RabbitMQ in the distributed suite.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { topics } from '@runnerly/contracts';
import { call, newEmail, startAccountsTestSystem, tokenFromMail, type AccountsTestSystem } from './testing.ts';

let sys: AccountsTestSystem;
before(async () => {
  sys = await startAccountsTestSystem('export_ready');
});
after(async () => {
  await sys.close();
});

describe('export.ready', () => {
  it('mails the runner a link to their export on the Account page', async () => {
    const gw = await sys.gatewayToken();
    const email = newEmail('exporter');
    await call(sys.urls.accounts!, 'POST', '/signup', { email, password: 'correct horse battery' }, gw);
    const activated = await call(
      sys.urls.accounts!,
      'POST',
      '/activate',
      { token: tokenFromMail((await sys.mailTo(email, 'Confirm your Runnerly account')).text, '/activate') },
      gw,
    );
    const userId = activated.body.user_id as string;
    const exportId = randomUUID();
    await sys.bus.publish(topics.exportReady, {
      user_id: userId,
      export_id: exportId,
      runs: 12,
      size: 3 * 1024 * 1024,
      expires_at: '2026-12-09T20:00:00.000Z',
    });
    const mail = await sys.mailTo(email, 'Your Runnerly export is ready');
    assert.ok(mail.text.includes(`${sys.dashboardUrl}/account?export=${exportId}`), mail.text);
    assert.match(mail.text, /3\.0 MB/);
    assert.match(mail.text, /12 runs/);
    assert.match(mail.text, /until 2026-12-09/);
    assert.equal(mail.message_id, `<export-${exportId}@runnerly.local>`);
  });
});
