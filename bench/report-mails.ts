// 3,000 runners (BENCH_RUNNERS=10000 for the whole 10,000 of the target) with a month of runs
// each: their reports go through a report worker — the ledger (SQLite) claimed before the send,
// content built, HTML and text rendered, sent with its stable Message-ID over pooled SMTP — to a
// local SMTP server that accepts them. Prints the seconds, mails per second and the worker's
// peak RSS. Called by bench/run.ts, or on its own: `npx tsx bench/report-mails.ts`
// (BENCH_RUNNERS, BENCH_LANES to change the load).
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { SMTPServer } from 'smtp-server';

export async function reportMailsBench(options: { runners?: number; lanes?: number } = {}): Promise<string[]> {
  const runners = options.runners ?? Number(process.env.BENCH_RUNNERS ?? 3_000);
  const lanes = options.lanes ?? Number(process.env.BENCH_LANES ?? 16);
  let accepted = 0;
  let bytes = 0;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    size: 10 * 1024 * 1024,
    onData(stream, _session, callback) {
      stream.on('data', (chunk: Buffer) => (bytes += chunk.length));
      stream.on('end', () => {
        accepted++;
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const port = (server.server.address() as { port: number }).port;
  try {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', new URL('./report-mails-worker.ts', import.meta.url).pathname],
      {
        stdio: ['ignore', 'pipe', 'inherit'],
        env: {
          ...process.env,
          BENCH_SMTP_URL: `smtp://127.0.0.1:${port}`,
          BENCH_RUNNERS: String(runners),
          BENCH_LANES: String(lanes),
        },
      },
    );
    const line = await new Promise<string>((resolve, reject) => {
      createInterface({ input: child.stdout! }).once('line', resolve);
      child.once('exit', (code) => reject(new Error(`report worker exited with ${code}`)));
    });
    const result = JSON.parse(line) as { seconds: number; sent: number; maxRssMiB: number; seedSeconds: number };
    return [
      `${result.sent.toLocaleString('en')} runners, a month of runs each, ${lanes} deliveries at once, ${result.seedSeconds.toFixed(1)} s to seed the ledger`,
      `all reports rendered and accepted by a local SMTP server: ${result.seconds.toFixed(1)} s (${(result.sent / result.seconds).toFixed(0)} mails/s)`,
      result.sent >= 10_000
        ? `10,000 mails: ${((10_000 * result.seconds) / result.sent).toFixed(1)} s (target ≤ 120 s)`
        : `10,000 mails at this rate: ${((10_000 * result.seconds) / result.sent).toFixed(1)} s (target ≤ 120 s; BENCH_RUNNERS=10000 sends them all)`,
      `SMTP server accepted ${accepted.toLocaleString('en')} mails, ${(bytes / accepted / 1024).toFixed(0)} KiB each`,
      `report worker peak RSS: ${result.maxRssMiB.toFixed(0)} MiB`,
    ];
  } finally {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const line of await reportMailsBench()) process.stdout.write(`${line}\n`);
}
