import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { createTransport } from 'nodemailer';
import { startTestSmtpServer } from '@runnerly/mail/testing';
import { links, OTHER_USER_ID, seededInput, USER_ID } from '../testing.ts';
import { reportMessageId, senderDomain } from './message-id.ts';
import { buildReportContent } from './report-content.ts';
import { reportHeaders } from './report-headers.ts';
import { renderReportMail } from './report-mail.ts';
import { signUnsubscribeToken, unsubscribeUrl, verifyUnsubscribeToken } from './unsubscribe.ts';

describe('report Message-ID', () => {
  test('the same for a user and month on every attempt, different for another user or month', () => {
    const id = reportMessageId(USER_ID, '2026-03', 'runnerly.example');
    assert.equal(id, `<report.2026-03.${USER_ID}@runnerly.example>`);
    assert.equal(reportMessageId(USER_ID, '2026-03', 'Runnerly.Example'), id);
    assert.notEqual(reportMessageId(USER_ID, '2026-04', 'runnerly.example'), id);
    assert.notEqual(reportMessageId(OTHER_USER_ID, '2026-03', 'runnerly.example'), id);
  });

  test('nothing that could break the header gets in', () => {
    assert.throws(() => reportMessageId(USER_ID, '2026-3', 'runnerly.example'), /month/);
    assert.throws(() => reportMessageId(`${USER_ID}>\r\nBcc: x@evil.example`, '2026-03', 'r.example'), /UUID/);
    assert.throws(() => reportMessageId(USER_ID, '2026-03', 'runnerly.example>\r\nBcc: x'), /domain/);
  });

  test('the domain of the sender address', () => {
    assert.equal(senderDomain('Runnerly <no-reply@Runnerly.Example>'), 'runnerly.example');
    assert.equal(senderDomain('reports@mail.runnerly.example'), 'mail.runnerly.example');
    assert.throws(() => senderDomain('Runnerly'), /no domain/);
  });
});

describe('a report mail through a real SMTP server', () => {
  test('arrives with its Message-ID, the one-click unsubscribe headers and both parts', async () => {
    const smtp = await startTestSmtpServer();
    const transport = createTransport(smtp.url);
    try {
      const key = randomBytes(32);
      const url = unsubscribeUrl(
        'https://runnerly.example/api/reports/unsubscribe',
        signUnsubscribeToken(USER_ID, key),
      );
      const { messageId, headers } = reportHeaders({
        userId: USER_ID,
        month: '2026-03',
        domain: senderDomain('Runnerly <no-reply@runnerly.example>'),
        unsubscribeUrl: url,
      });
      const input = seededInput();
      input.profile.name = 'Zoë <O’Brien>';
      const mail = await renderReportMail(buildReportContent(input), { ...links, unsubscribeUrl: url });
      await transport.sendMail({
        from: 'Runnerly <no-reply@runnerly.example>',
        to: 'zoe@example.com',
        subject: mail.subject,
        text: mail.text,
        html: mail.html,
        messageId,
        headers,
      });
      const got = await smtp.waitFor((m) => m.messageId === messageId);
      assert.equal(got.messageId, `<report.2026-03.${USER_ID}@runnerly.example>`);
      assert.equal(got.subject, 'Your March 2026 in running: 7 runs, 78.1 km');
      // The header lines as a mailbox provider reads them (unfolded).
      const header = (name: string) =>
        got.headerLines
          .filter((h) => h.key === name)
          .map((h) => h.line.replace(/\r\n[ \t]+/g, ' ').replace(/^[^:]+:\s*/, ''));
      assert.deepEqual(header('list-unsubscribe'), [`<${url}>`]);
      assert.deepEqual(header('list-unsubscribe-post'), ['List-Unsubscribe=One-Click']);
      assert.deepEqual(header('list-id'), ['Runnerly monthly report <monthly-report.runnerly.example>']);
      assert.deepEqual(header('auto-submitted'), ['auto-generated']);
      const token = new URL(header('list-unsubscribe')[0]!.slice(1, -1)).searchParams.get('token')!;
      assert.equal(verifyUnsubscribeToken(token, key), USER_ID);
      assert.equal(got.text, mail.text);
      assert.equal(got.html, mail.html);
      assert.match(got.text!, /Hi Zoë <O’Brien>,/);
    } finally {
      transport.close();
      await smtp.close();
    }
  });
});
