import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { SMTPServer } from 'smtp-server';
import { simpleParser, type ParsedMail } from 'mailparser';
import { waitFor } from '@runnerly/testing';
import { seededRuns, startReportsTestSystem, type ReportsTestSystem } from './testing.ts';
import { findReport } from './store.ts';
import { INTERRUPTED } from './scheduler.ts';
import { reportsCommand } from './operator.ts';

const runsOf = () =>
  seededRuns().map((r) => ({
    name: r.name,
    start_time: r.start_time,
    distance_m: r.distance_m,
    moving_time_s: r.moving_time_s,
    elevation_gain_m: r.elevation_gain_m ?? null,
    ...(r.best_efforts ? { best_efforts: [...r.best_efforts] } : {}),
  }));

/** A header field as it was written (mailparser folds List-* headers into a structure). */
const header = (mail: ParsedMail, name: string) =>
  mail.headerLines
    .find((l) => l.key === name)
    ?.line.slice(name.length + 1)
    .trim() ?? '';

describe('monthly report, scheduled in each runner’s zone', () => {
  let sys: ReportsTestSystem;
  before(async () => {
    sys = await startReportsTestSystem('reports_schedule');
  });
  after(async () => {
    await sys?.close();
  });

  test('March goes out after midnight on April 1st in New York and Tokyo, not yet in Los Angeles; its runs are those of March in New York', async () => {
    const ny = await sys.addRunner({ timeZone: 'America/New_York' });
    const tokyo = await sys.addRunner({ timeZone: 'Asia/Tokyo' });
    const la = await sys.addRunner({ timeZone: 'America/Los_Angeles' });
    const off = await sys.addRunner({ timeZone: 'America/New_York', monthlyReport: false });
    await sys.addRuns(ny.userId, runsOf());
    await sys.addRuns(off.userId, runsOf());

    // 00:10 on April 1st in New York (EDT, UTC−4): 00:05 has passed there, in Tokyo long ago, not in LA.
    sys.clock.set('2026-04-01T04:10:00Z');
    await sys.scheduler.turn();
    // The first mail of a shape compiles its MJML layout: seconds on a busy machine.
    const mail = await sys.smtp.waitFor((m) => to(m) === ny.email, 60_000);
    await sys.smtp.waitFor((m) => to(m) === tokyo.email, 60_000);
    assert.equal(await findReport(sys.reportsDb, la.userId, '2026-03'), undefined, 'LA: still March there');

    assert.equal(mail.subject, 'Your March 2026 in running: 7 runs, 78.1 km');
    assert.equal(mail.messageId, `<report.2026-03.${ny.userId}@runnerly.local>`);
    const text = mail.text ?? '';
    assert.match(text, /78\.1 km/);
    assert.match(text, /Last night of March|Sunday long run/);
    assert.doesNotMatch(text, /First hour of April/, '00:30 on April 1st in New York is April');
    assert.match(String(mail.html), /78\.1 km/);
    const unsubscribe = header(mail, 'list-unsubscribe');
    assert.match(unsubscribe, /^<http:\/\/127\.0\.0\.1:8080\/api\/reports\/unsubscribe\?token=u1\./);
    assert.equal(header(mail, 'list-unsubscribe-post'), 'List-Unsubscribe=One-Click');

    // The ledger says `sent` once the SMTP server's accept has been written down (just after it).
    const stored = await waitFor('the ledger to say sent', async () => {
      const row = await findReport(sys.reportsDb, ny.userId, '2026-03');
      return row?.state === 'sent' && row;
    });
    assert.equal(stored?.html_body, mail.html, 'the ledger keeps the mail as it was sent');

    // 00:10 in Los Angeles (PDT, UTC−7).
    sys.clock.set('2026-04-01T07:10:00Z');
    await sys.scheduler.turn();
    await sys.smtp.waitFor((m) => to(m) === la.email, 60_000);
    const laMail = sys.mailsTo(la.email)[0]!;
    assert.match(laMail.text ?? '', /no runs|No runs/i, 'a month without runs gets a short note');
    assert.equal(sys.mailsTo(off.email).length, 0, 'a runner who turned reports off gets nothing');
    assert.equal(await findReport(sys.reportsDb, off.userId, '2026-03'), undefined);
  });

  test('the scheduler firing twice and two replicas scheduling at once send one mail', async () => {
    const ann = await sys.addRunner({ timeZone: 'Europe/Paris' });
    await sys.addRuns(ann.userId, [{ start_time: '2026-04-10T06:00:00Z', distance_m: 10_000, moving_time_s: 3000 }]);
    const replica = await sys.startReplica();
    // 00:10 on May 1st in Paris (CEST, UTC+2).
    sys.clock.set('2026-04-30T22:10:00Z');
    const queued = await Promise.all([
      sys.scheduler.scheduleNow(),
      replica.scheduler.scheduleNow(),
      sys.scheduler.scheduleNow(),
    ]);
    await sys.smtp.waitFor((m) => to(m) === ann.email, 60_000);
    const row = await waitFor('the ledger row sent', async () => {
      const r = await findReport(sys.reportsDb, ann.userId, '2026-04');
      return r?.state === 'sent' ? r : undefined;
    });
    assert.equal(row.attempts, 1);
    // A redelivered job (the broker's, or a replica's repeat) finds the report sent.
    const before = sys.outcomes.length;
    await Promise.all([0, 1].map(() => sys.bus.enqueue('reports.send', { user_id: ann.userId, month: '2026-04' })));
    await waitFor(
      'both repeats handled',
      () => sys.outcomes.slice(before).filter((o) => o.job.user_id === ann.userId).length >= 2,
    );
    assert.ok(sys.outcomes.slice(before).every((o) => o.job.user_id !== ann.userId || o.outcome === 'nothing-to-do'));
    assert.equal(sys.mailsTo(ann.email).length, 1);
    assert.ok(queued.reduce((a, b) => a + b, 0) >= 1);
    await replica.service.close();
  });

  test('only the lease holder schedules; another replica takes over when the lease runs out', async () => {
    await sys.scheduler.renew();
    assert.equal(sys.scheduler.isLeader(), true);
    const replica = await sys.startReplica();
    assert.equal(replica.scheduler.isLeader(), false);
    // The leader stops renewing (its process died): 31 s later the lease is free.
    sys.clock.set(new Date(sys.clock.now().getTime() + 31_000).toISOString());
    await replica.scheduler.renew();
    assert.equal(replica.scheduler.isLeader(), true);
    await sys.scheduler.renew();
    assert.equal(sys.scheduler.isLeader(), false);
    await replica.service.close();
    await sys.scheduler.renew();
    assert.equal(sys.scheduler.isLeader(), true, 'a replica that stops hands the lease over at once');
  });
});

function to(mail: ParsedMail): string {
  const t = Array.isArray(mail.to) ? mail.to[0] : mail.to;
  return t?.value[0]?.address ?? '';
}

describe('monthly report, failures', () => {
  test('SMTP down: retried with back-off, then parked with the reason and dead-lettered', async () => {
    const sys = await startReportsTestSystem('reports_smtp_down', { smtpUrl: 'smtp://127.0.0.1:1' });
    try {
      const bob = await sys.addRunner({ timeZone: 'UTC' });
      sys.clock.set('2026-04-01T00:10:00Z');
      await sys.scheduler.turn();
      const row = await waitFor(
        'the report parked',
        async () => {
          const r = await findReport(sys.reportsDb, bob.userId, '2026-03');
          return r?.state === 'parked' ? r : undefined;
        },
        15_000,
      );
      assert.equal(row.attempts, 3);
      assert.match(row.reason ?? '', /ECONNREFUSED|connect/i);
      await waitFor('dead-lettered', async () => (await sys.bus.deadLetterCount('reports.send')) >= 1, 15_000);
      assert.deepEqual(
        sys.outcomes.filter((o) => o.job.user_id === bob.userId).map((o) => o.outcome),
        ['failed', 'failed', 'failed'],
      );

      // The operator sees it with its reason, and queues it again.
      const env = {
        DATA_DIR: sys.dataDir,
        ...(sys.databaseUrls.reports ? { REPORTS_DATABASE_URL: sys.databaseUrls.reports } : {}),
      };
      const lines: string[] = [];
      assert.equal(await reportsCommand(['parked'], env, (l) => lines.push(l)), 0);
      assert.ok(lines.some((l) => l.startsWith(`${bob.userId}\t2026-03\tattempts 3`) && /ECONNREFUSED/.test(l)));
      assert.equal(await reportsCommand(['requeue', '--user', bob.userId], env, (l) => lines.push(l)), 0);
      assert.equal(lines.at(-1), '1 queued again');
      assert.equal((await findReport(sys.reportsDb, bob.userId, '2026-03'))?.state, 'queued');
      assert.equal(await reportsCommand(['run', '--month', '2026-13'], env, (l) => lines.push(l)), 2);
    } finally {
      await sys.close();
    }
  });

  test('a worker killed after the SMTP server accepted the mail: no second mail, the report is parked for the operator', async () => {
    let child: ReturnType<typeof spawn> | undefined;
    const received: ParsedMail[] = [];
    const server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      onData(stream, _session, callback) {
        void simpleParser(stream).then((mail) => {
          received.push(mail);
          // The mail is in; the worker dies before it hears the answer or writes the ledger.
          child?.kill('SIGKILL');
          callback();
        });
      },
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    const port = (server.server.address() as { port: number }).port;
    const sys = await startReportsTestSystem('reports_killed', { smtpUrl: `smtp://127.0.0.1:${port}` });
    try {
      const cy = await sys.addRunner({ timeZone: 'UTC' });
      // The report is due; the service's own workers are not given the job: the child takes it.
      await sys.reportsDb
        .insertInto('reports')
        .values({
          user_id: cy.userId,
          month: '2026-03',
          state: 'queued',
          message_id: `<report.2026-03.${cy.userId}@runnerly.local>`,
          attempts: 0,
          reason: null,
          trigger: 'schedule',
          to_address: null,
          subject: null,
          text_body: null,
          html_body: null,
          queued_at: '2026-04-01T00:05:00.000Z',
          sending_at: null,
          sent_at: null,
          updated_at: sys.clock.now().toISOString(),
        })
        .execute();
      const creds = sys.credentials.get('reports')!;
      const input = {
        databaseUrl: sys.databaseUrls.reports,
        dataDir: sys.dataDir,
        tokendealerUrl: sys.urls.tokendealer,
        dataUrl: sys.urls.data,
        accountsUrl: sys.urls.accounts,
        clientId: creds.clientId,
        clientSecret: creds.clientSecret,
        smtpUrl: `smtp://127.0.0.1:${port}`,
        unsubscribeKey: sys.env.REPORTS_UNSUBSCRIBE_KEY,
        now: '2026-04-01T00:10:00Z',
        job: { user_id: cy.userId, month: '2026-03' },
      };
      child = spawn(
        process.execPath,
        [
          '--import',
          'tsx',
          '--input-type=module',
          '-e',
          `const m = await import(${JSON.stringify(new URL('./testing.ts', import.meta.url).href)}); await m.deliverInThisProcess(JSON.parse(process.env.REPORTS_CHILD)); process.exit(0);`,
        ],
        { env: { ...process.env, REPORTS_CHILD: JSON.stringify(input) }, stdio: ['ignore', 'inherit', 'inherit'] },
      );
      const exit = await new Promise<NodeJS.Signals | null>((r) => child!.once('exit', (_code, signal) => r(signal)));
      assert.equal(exit, 'SIGKILL');
      assert.equal(received.length, 1);
      assert.equal((await findReport(sys.reportsDb, cy.userId, '2026-03'))?.state, 'sending');

      // The broker redelivers the job to a live worker: it finds the delivery begun and sends nothing.
      const before = sys.outcomes.length;
      await sys.bus.enqueue('reports.send', { user_id: cy.userId, month: '2026-03' });
      await waitFor('the repeat handled', () => sys.outcomes.length > before);
      assert.equal(sys.outcomes[before]!.outcome, 'nothing-to-do');

      // Later the leader's sweep parks it with the reason, for the operator; still one mail.
      sys.clock.set('2026-04-01T01:00:00Z');
      await sys.scheduler.turn();
      const row = await findReport(sys.reportsDb, cy.userId, '2026-03');
      assert.equal(row?.state, 'parked');
      assert.equal(row?.reason, INTERRUPTED);
      assert.equal(received.length, 1);
    } finally {
      child?.kill('SIGKILL');
      await sys.close();
      await new Promise<void>((r) => server.close(() => r()));
    }
  });
});
