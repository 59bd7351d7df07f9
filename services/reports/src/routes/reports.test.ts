import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { waitFor } from '@runnerly/testing';
import { startReportsTestSystem, type ReportsTestSystem } from '../testing.ts';
import { signUnsubscribeToken } from '../domain/unsubscribe.ts';
import { findReport } from '../store.ts';

async function call(url: string, method: string, token?: string) {
  const res = await fetch(url, { method, headers: token ? { authorization: `Bearer ${token}` } : {} });
  const text = await res.text();
  let body: any = text;
  try {
    body = JSON.parse(text);
  } catch {
    /* an HTML page */
  }
  return { status: res.status, body };
}

describe('reports routes', () => {
  let sys: ReportsTestSystem;
  let key: Buffer;
  before(async () => {
    sys = await startReportsTestSystem('reports_routes', { start: '2026-04-03T09:00:00Z' });
    key = Buffer.from(sys.env.REPORTS_UNSUBSCRIBE_KEY!, 'base64');
  });
  after(async () => {
    await sys?.close();
  });

  test('send me last month’s report now: sent once, listed, shown exactly as sent; other runners see nothing', async () => {
    const ann = await sys.addRunner({ timeZone: 'Europe/Paris' });
    const bob = await sys.addRunner({ timeZone: 'Europe/Paris' });
    await sys.addRuns(ann.userId, [{ start_time: '2026-03-10T06:00:00Z', distance_m: 12_000, moving_time_s: 3600 }]);
    const token = await sys.userToken(ann.userId);
    const base = `${sys.urls.reports}/users/${ann.userId}/reports`;
    const first = await call(`${base}/send-now`, 'POST', token);
    assert.equal(first.status, 202);
    assert.equal(first.body.month, '2026-03');
    const mail = await sys.smtp.waitFor((m) => m.subject?.startsWith('Your March 2026') === true, 60_000);
    await waitFor('sent', async () => (await findReport(sys.reportsDb, ann.userId, '2026-03'))?.state === 'sent');
    const again = await call(`${base}/send-now`, 'POST', token);
    assert.match(again.body.message, /was sent on/);
    assert.equal(again.body.state, 'sent');

    const list = await call(base, 'GET', token);
    assert.deepEqual(
      list.body.reports.map((r: { month: string; state: string }) => [r.month, r.state]),
      [['2026-03', 'sent']],
    );
    const shown = await call(`${base}/2026-03`, 'GET', token);
    assert.equal(shown.body.html, mail.html);
    assert.equal(shown.body.subject, mail.subject);
    assert.equal(shown.body.to, ann.email);

    const bobToken = await sys.userToken(bob.userId);
    assert.equal((await call(base, 'GET', bobToken)).status, 403);
    assert.equal((await call(`${base}/2026-03`, 'GET', bobToken)).status, 403);

    // A third request within the hour is refused (two were made).
    await call(`${base}/send-now`, 'POST', token);
    const limited = await call(`${base}/send-now`, 'POST', token);
    assert.equal(limited.status, 429);
    assert.equal(limited.body.code, 'too_many_requests');
    assert.equal(sys.mailsTo(ann.email).length, 1);
  });

  test('the signed unsubscribe link turns the report off; forged, altered or moved links are refused', async () => {
    const cy = await sys.addRunner({ timeZone: 'UTC' });
    const dee = await sys.addRunner({ timeZone: 'UTC' });
    const url = (t: string) => `${sys.urls.reports}/unsubscribe?token=${encodeURIComponent(t)}`;
    const good = signUnsubscribeToken(cy.userId, key);
    const prefOf = async (id: string) =>
      (await sys.accountsDb.selectFrom('users').select('email_monthly_report').where('id', '=', id).executeTakeFirst())!
        .email_monthly_report;

    const forged = signUnsubscribeToken(dee.userId, Buffer.alloc(32, 9));
    const altered = good.slice(0, -2) + (good.at(-2) === 'A' ? 'B' : 'A') + good.at(-1);
    const moved = good.replace(cy.userId, dee.userId);
    for (const bad of [forged, altered, moved, 'u1.garbage', '']) {
      const res = await call(url(bad), 'POST');
      assert.equal(res.status, 400, bad);
      assert.equal(res.body.code, bad ? 'invalid_unsubscribe_link' : 'invalid_request');
    }
    assert.equal(await prefOf(dee.userId), 1, 'nobody was unsubscribed by a bad link');

    const page = await call(url(good), 'GET');
    assert.equal(page.status, 200);
    assert.match(page.body, /<form method="post"/);
    assert.equal(await prefOf(cy.userId), 1, 'opening the link changes nothing');
    const done = await call(url(good), 'POST');
    assert.equal(done.status, 200);
    assert.equal(await prefOf(cy.userId), 0);

    // The next schedule turn leaves the unsubscribed runner out.
    sys.clock.set('2026-05-01T00:10:00Z');
    await sys.scheduler.turn();
    await sys.smtp.waitFor((m) => m.subject?.startsWith('Your April 2026') === true, 60_000);
    assert.equal(await findReport(sys.reportsDb, cy.userId, '2026-04'), undefined);
    assert.ok((await findReport(sys.reportsDb, dee.userId, '2026-04')) !== undefined);
  });

  test('account.deleted deletes the runner’s reports', async () => {
    const eve = await sys.addRunner({ timeZone: 'UTC' });
    const token = await sys.userToken(eve.userId);
    await call(`${sys.urls.reports}/users/${eve.userId}/reports/send-now`, 'POST', token);
    assert.ok(await findReport(sys.reportsDb, eve.userId, '2026-04'));
    await sys.bus.publish('account.deleted', { user_id: eve.userId });
    await waitFor(
      'reports deleted',
      async () => (await findReport(sys.reportsDb, eve.userId, '2026-04')) === undefined,
    );
  });
});
