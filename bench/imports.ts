// File import benchmarks: parser throughput per format, a 1,000-activity Strava export end to
// end through the imports service, and the longest event-loop stall while a 25 MB GPX is
// imported (every service shares this process's event loop, as in `npm start`).
// Called by bench/run.ts; returns printed lines.
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { parseActivity } from '@runnerly/activity-files';
import { syntheticRun, writeFit, writeGpx, writeTcx } from '@runnerly/activity-files/fixtures';
import { bulkStravaExport } from '@runnerly/imports/fixtures';
import { newUser, startImportsTestSystem, upload, waitForJob } from '@runnerly/imports/testing';

const MB = 1024 * 1024;

function throughput(label: string, bytes: Uint8Array, minMs = 1500): string {
  parseActivity(bytes); // warm-up
  let n = 0;
  const started = performance.now();
  while (performance.now() - started < minMs || n < 2) {
    parseActivity(bytes);
    n++;
  }
  const ms = (performance.now() - started) / n;
  return `parse ${label.padEnd(4)} ${(bytes.length / MB).toFixed(1).padStart(5)} MB file: ${(bytes.length / MB / (ms / 1000)).toFixed(1).padStart(6)} MB/s (${ms.toFixed(0)} ms per file, one thread)`;
}

export async function importsBench(options: { activities?: number } = {}): Promise<string[]> {
  const lines: string[] = [];
  const count = options.activities ?? Number(process.env.BENCH_IMPORT_ACTIVITIES ?? 1000);

  // 1. Parser throughput, main thread, a 3-hour run recorded every second (HR, cadence, altitude).
  const long = syntheticRun({
    seed: 7,
    startTime: Date.parse('2025-04-06T07:00:00Z'),
    positionNoise: 2,
    legs: [{ seconds: 3 * 3600, speed: 3.2, turnRate: 0.2, grade: 0.01 }],
  });
  lines.push(throughput('GPX', writeGpx(long)), throughput('TCX', writeTcx(long)), throughput('FIT', writeFit(long)));

  const sys = await startImportsTestSystem('bench_imports');
  try {
    const base = sys.urls.imports!;
    // 2. A 1,000-activity export (30 min runs; GPX, TCX.gz, FIT.gz in turn), upload to every run stored.
    {
      const zip = bulkStravaExport(count, { minutes: 30 });
      const user = newUser();
      const token = await sys.userToken(user);
      const started = performance.now();
      const res = await upload(base, user, token, [{ name: 'export.zip', bytes: zip }]);
      const accepted = performance.now() - started;
      if (res.status !== 202) throw new Error(`export upload: ${res.status} ${JSON.stringify(res.body)}`);
      const job = await waitForJob(base, user, res.body.job_id, token, 600_000);
      const seconds = (performance.now() - started) / 1000;
      lines.push(
        `Strava export, ${count} activities (${(zip.length / MB).toFixed(0)} MB ZIP): ${job.added} runs added, ${job.failed} failed in ${seconds.toFixed(1)} s end to end (${(count / seconds).toFixed(0)} activities/s; 202 after ${accepted.toFixed(0)} ms)`,
      );
    }
    // 3. A 25 MB GPX through the service while measuring the event loop of this process.
    {
      let seconds = 3 * 3600;
      let gpx = writeGpx(
        syntheticRun({
          seed: 8,
          startTime: Date.parse('2025-05-01T05:00:00Z'),
          legs: [{ seconds, speed: 3, turnRate: 0.1 }],
        }),
      );
      seconds = Math.ceil((seconds * (25 * MB)) / gpx.length);
      gpx = writeGpx(
        syntheticRun({
          seed: 8,
          startTime: Date.parse('2025-05-01T05:00:00Z'),
          legs: [{ seconds, speed: 3, turnRate: 0.1 }],
        }),
      );
      const user = newUser();
      const token = await sys.userToken(user);
      const histogram = monitorEventLoopDelay({ resolution: 10 });
      await new Promise((r) => setTimeout(r, 200));
      histogram.enable();
      const started = performance.now();
      const res = await upload(base, user, token, [{ name: 'ultra.gpx', bytes: gpx }]);
      const job = await waitForJob(base, user, res.body.job_id, token, 300_000);
      const seconds2 = (performance.now() - started) / 1000;
      histogram.disable();
      lines.push(
        `${(gpx.length / MB).toFixed(1)} MB GPX (${(seconds / 3600).toFixed(1)} h at 1 s) through the service: ${job.files[0]!.status} in ${seconds2.toFixed(1)} s; longest event-loop stall ${(histogram.max / 1e6).toFixed(0)} ms (p99 ${(histogram.percentile(99) / 1e6).toFixed(0)} ms)`,
      );
    }
  } finally {
    await sys.close();
  }
  return lines;
}
