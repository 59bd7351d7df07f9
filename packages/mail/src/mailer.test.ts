import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createMailer, listMailbox, readMailbox, renderMail } from './index.ts';
import { recipientOf, startTestSmtpServer, type TestSmtpServer } from './testing.ts';

const content = renderMail({
  heading: 'Confirm your Runnerly account',
  paragraphs: ['Hello <b>Zoé</b> & co, "welcome".'],
  action: { label: 'Confirm my address', url: 'http://127.0.0.1:8080/activate?token=a&b=<x>' },
  footer: 'You received this because someone signed up.',
});

describe('rendering', () => {
  it('escapes user values in the HTML body and keeps the text body readable', () => {
    assert.ok(content.html.includes('Hello &lt;b&gt;Zoé&lt;/b&gt; &amp; co, &quot;welcome&quot;.'));
    assert.ok(!content.html.includes('<b>Zoé'));
    assert.ok(content.html.includes('href="http://127.0.0.1:8080/activate?token=a&amp;b=&lt;x&gt;"'));
    assert.ok(content.text.includes('Hello <b>Zoé</b> & co, "welcome".'));
    assert.ok(content.text.includes('Confirm my address: http://127.0.0.1:8080/activate?token=a&b=<x>'));
  });
});

describe('development mailbox', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'runnerly-mail-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('stores each mail as a JSON file, announces it in one line, lists newest first', async () => {
    const lines: string[] = [];
    const mailer = createMailer({
      dataDir: dir,
      from: 'Runnerly <no-reply@runnerly.local>',
      mailboxUrl: 'http://127.0.0.1:8080/mailbox',
      notify: (l) => lines.push(l),
    });
    assert.equal(mailer.kind, 'mailbox');
    const first = await mailer.send({ to: 'ann@example.com', subject: 'Confirm your Runnerly account', ...content });
    await new Promise((r) => setTimeout(r, 2));
    const second = await mailer.send({ to: 'bob@example.com', subject: 'Second', text: 'b', html: '<p>b</p>' });
    assert.deepEqual(
      lines[0],
      'mail to ann@example.com: "Confirm your Runnerly account" — open http://127.0.0.1:8080/mailbox',
    );
    assert.equal(lines.length, 2);
    assert.deepEqual(readdirSync(join(dir, 'mailbox')).sort(), [`${first.id}.json`, `${second.id}.json`].sort());
    const list = await listMailbox(dir);
    assert.deepEqual(
      list.map((m) => m.id),
      [second.id, first.id],
    );
    assert.deepEqual(Object.keys(list[0]!).sort(), ['created_at', 'from', 'id', 'subject', 'to']);
    assert.deepEqual(
      (await listMailbox(dir, { to: 'ANN@example.com' })).map((m) => m.id),
      [first.id],
    );
    const stored = await readMailbox(dir, first.id);
    assert.equal(stored?.from, 'Runnerly <no-reply@runnerly.local>');
    assert.equal(stored?.text, content.text);
    assert.equal(stored?.html, content.html);
    assert.ok(!Number.isNaN(Date.parse(stored!.created_at)));
  });

  it('reads nothing outside the mailbox and lists an absent mailbox as empty', async () => {
    assert.equal(await readMailbox(dir, '../../etc/passwd'), undefined);
    assert.equal(await readMailbox(dir, '0000000000000-00000000'), undefined);
    assert.deepEqual(await listMailbox(join(dir, 'nowhere')), []);
  });
});

describe('SMTP', () => {
  let smtp: TestSmtpServer;
  before(async () => {
    smtp = await startTestSmtpServer();
  });
  after(async () => {
    await smtp.close();
  });

  it('sends both bodies to a real SMTP server', async () => {
    const mailer = createMailer({
      smtpUrl: smtp.url,
      dataDir: '/nonexistent',
      from: 'Runnerly <no-reply@runnerly.local>',
    });
    assert.equal(mailer.kind, 'smtp');
    await mailer.send({ to: 'ann@example.com', subject: 'Confirm your Runnerly account', ...content });
    await mailer.close();
    const mail = await smtp.waitFor((m) => m.subject === 'Confirm your Runnerly account');
    assert.equal(recipientOf(mail), 'ann@example.com');
    assert.equal(mail.from?.value[0]?.address, 'no-reply@runnerly.local');
    assert.ok(mail.text?.includes('Confirm my address: http://127.0.0.1:8080/activate?token=a&b=<x>'));
    assert.ok(typeof mail.html === 'string' && mail.html.includes('Hello &lt;b&gt;Zoé&lt;/b&gt;'));
  });

  it('fails loudly when the server cannot be reached', async () => {
    const mailer = createMailer({ smtpUrl: 'smtp://127.0.0.1:1', dataDir: '/nonexistent', from: 'x@runnerly.local' });
    await assert.rejects(mailer.send({ to: 'a@example.com', subject: 's', text: 't', html: '<p>t</p>' }));
    await mailer.close();
  });
});
