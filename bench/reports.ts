// Monthly report rendering on one thread: content from a month of runs plus the HTML and text
// parts, per second, after the layout is compiled once; and what compiling MJML for every mail
// would cost instead. Called by bench/run.ts; returns printed lines.
import mjml2html from 'mjml';
import { buildReportContent, renderReportMail } from '@runnerly/reports';
import { layoutSource } from '@runnerly/reports/layout';
import { links, seededInput, seededRuns } from '@runnerly/reports/testing';

export async function reportsBench(options: { minMs?: number } = {}): Promise<string[]> {
  const minMs = options.minMs ?? Number(process.env.BENCH_REPORT_MS ?? 3000);
  // 50 runners whose months differ (distances scaled), so nothing is cached between reports.
  const inputs = Array.from({ length: 50 }, (_, i) => {
    const runs = seededRuns().map((r) => ({ ...r, distance_m: r.distance_m * (0.5 + i / 50), name: `${r.name} ${i}` }));
    return seededInput({ runs: { month: '2026-03', runs }, previous: { month: '2026-02', runs } });
  });

  const coldStart = performance.now();
  await renderReportMail(buildReportContent(inputs[0]!), links);
  const cold = performance.now() - coldStart;

  let n = 0;
  let bytes = 0;
  const started = performance.now();
  while (performance.now() - started < minMs) {
    const mail = await renderReportMail(buildReportContent(inputs[n % inputs.length]!), links);
    bytes += mail.html.length + mail.text.length;
    n++;
  }
  const perReport = (performance.now() - started) / n;

  const source = layoutSource({ hasRuns: true, hasBestEfforts: true, hasPlan: true, hasPlanBar: true, hasRace: true });
  let m = 0;
  const mjmlStarted = performance.now();
  while (performance.now() - mjmlStarted < minMs / 3 || m < 3) {
    await mjml2html(source, { validationLevel: 'strict', fonts: {} });
    m++;
  }
  const perCompile = (performance.now() - mjmlStarted) / m;

  return [
    `first report (loads MJML, compiles the layout): ${cold.toFixed(0)} ms`,
    `reports rendered, one thread: ${(1000 / perReport).toFixed(0)} per s (${(perReport * 1000).toFixed(0)} µs each, ${(bytes / n / 1024).toFixed(0)} KiB of HTML + text)`,
    `MJML compile per mail instead (for comparison): ${(1000 / perCompile).toFixed(0)} per s (${perCompile.toFixed(1)} ms each)`,
    `10,000 reports: ${((10_000 * perReport) / 1000).toFixed(1)} s of rendering on one core`,
  ];
}
