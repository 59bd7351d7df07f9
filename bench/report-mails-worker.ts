// The report worker of bench/report-mails.ts, in its own process (so that its peak RSS is its
// own): seeds the ledger with one due report per runner, then delivers them all.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { benchDelivery } from '@runnerly/reports/bench';

const dir = mkdtempSync(join(tmpdir(), 'runnerly-report-bench-'));
try {
  const result = await benchDelivery({
    dataDir: dir,
    smtpUrl: process.env.BENCH_SMTP_URL!,
    runners: Number(process.env.BENCH_RUNNERS ?? 3_000),
    lanes: Number(process.env.BENCH_LANES ?? 16),
  });
  process.stdout.write(`${JSON.stringify({ ...result, maxRssMiB: process.resourceUsage().maxRSS / 1024 })}\n`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
