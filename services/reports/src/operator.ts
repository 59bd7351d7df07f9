import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { openServiceDatabase } from '@runnerly/service-kit';
import { isMonth } from './domain/calendar.ts';
import { isUserId, reportMessageId, senderDomain } from './domain/message-id.ts';
import { migrations } from './migrations.ts';
import { findReport, insertDue, markWaiting, reportsInState, requestRun, requeue } from './store.ts';
import type { ReportsTables } from './tables.ts';

export const reportsHelp = `runnerly reports — the monthly reports, for operators

  runnerly reports run --month YYYY-MM [--user ID]
                       queue that month's report of every runner with reports on (or of one runner);
                       a report already sent is not sent again
  runnerly reports parked
                       reports given up on, with the reason
  runnerly reports requeue [--month YYYY-MM] [--user ID]
                       queue parked reports again (all, one month's, one runner's)

The database: REPORTS_DATABASE_URL or DATABASE_URL (PostgreSQL), else DATA_DIR (default ./data).
The running service picks the work up at its scheduler's next turn (SCHEDULER_RENEW_S).
`;

/** `runnerly reports …`: writes to the reports database what the scheduling replica then does. */
export async function reportsCommand(
  args: string[],
  env: NodeJS.ProcessEnv = process.env,
  out: (line: string) => void = (l) => process.stdout.write(`${l}\n`),
): Promise<number> {
  const { positionals, values } = parseArgs({
    args,
    allowPositionals: true,
    options: { month: { type: 'string' }, user: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
  });
  const [command] = positionals;
  if (values.help || !command) {
    out(reportsHelp);
    return command ? 0 : 2;
  }
  if (values.month !== undefined && !isMonth(values.month)) {
    out(`not a month: ${values.month} (YYYY-MM)`);
    return 2;
  }
  if (values.user !== undefined && !isUserId(values.user)) {
    out(`not a user id: ${values.user}`);
    return 2;
  }
  const database = await openServiceDatabase<ReportsTables>(
    'reports',
    { databaseUrl: env.REPORTS_DATABASE_URL ?? env.DATABASE_URL, dataDir: resolve(env.DATA_DIR ?? './data') },
    migrations,
  );
  const db = database.db;
  const now = new Date();
  try {
    if (command === 'run') {
      if (!values.month) {
        out('--month YYYY-MM is required');
        return 2;
      }
      if (!values.user) {
        await requestRun(db, values.month, now);
        out(`the reports of ${values.month} are queued at the scheduler's next turn`);
        return 0;
      }
      const domain = senderDomain(env.REPORTS_MAIL_FROM ?? env.MAIL_FROM ?? 'Runnerly <no-reply@runnerly.local>');
      const messageId = reportMessageId(values.user, values.month, domain);
      if (await insertDue(db, { userId: values.user, month: values.month, messageId, trigger: 'operator' }, now)) {
        await markWaiting(db, values.user, values.month);
        out(`queued: ${values.user} ${values.month}`);
        return 0;
      }
      const row = (await findReport(db, values.user, values.month))!;
      if (await requeue(db, values.user, values.month))
        out(`queued again (was ${row.state}): ${values.user} ${values.month}`);
      else out(`not queued: this report is ${row.state}${row.sent_at ? ` (sent ${row.sent_at})` : ''}`);
      return 0;
    }
    if (command === 'parked') {
      const rows = await reportsInState(db, 'parked', 10_000);
      for (const r of rows) out(`${r.user_id}\t${r.month}\tattempts ${r.attempts}\t${r.updated_at}\t${r.reason ?? ''}`);
      out(`${rows.length} parked`);
      return 0;
    }
    if (command === 'requeue') {
      const rows = (await reportsInState(db, 'parked', 10_000)).filter(
        (r) => (!values.month || r.month === values.month) && (!values.user || r.user_id === values.user),
      );
      let n = 0;
      for (const r of rows) if (await requeue(db, r.user_id, r.month)) n++;
      out(`${n} queued again`);
      return 0;
    }
    out(reportsHelp);
    return 2;
  } finally {
    await database.close();
  }
}
