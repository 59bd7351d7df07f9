// How every HTTP figure of `npm run bench` is measured on a shared, noisy machine: the load
// generator in its own process; a warm-up; several rounds, each the node:http ceiling then the
// scenario, so that every ratio compares two figures taken seconds apart; a one-second probe of
// the ceiling before and after, and the scenario measured again when the probe moved by more
// than 20% (something else took the machine meanwhile). Medians and spreads are reported.
import { fork, spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import type autocannon from 'autocannon';

export interface LoadResult {
  rps: number;
  total: number;
  p50: number;
  p99: number;
  errors: number;
}

export interface ScenarioResult {
  name: string;
  /** Median requests per second over the rounds, and the lowest and highest round. */
  rps: number;
  rpsMin: number;
  rpsMax: number;
  /** Median of each round's scenario / ceiling, and its spread. */
  ratio: number;
  ratioMin: number;
  ratioMax: number;
  ceiling: number;
  p50: number;
  p99: number;
  errors: number;
  probeBefore: number;
  probeAfter: number;
  /** How many times the scenario was measured again because the probe moved. */
  repeats: number;
}

export interface HarnessOptions {
  seconds: number;
  connections: number;
  rounds: number;
  /** The probe may move by this share before a scenario is measured again (0.2 = 20%). */
  tolerance?: number;
  maxRepeats?: number;
}

type LoadOptions = Omit<autocannon.Options, 'duration' | 'connections'> & { connections?: number };

const loadProcess = new URL('./load-process.mjs', import.meta.url).pathname;

/** One autocannon run for `seconds`, in its own process. */
export function load(options: LoadOptions, seconds: number, connections: number): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    const child = fork(loadProcess, [], { execArgv: [], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    child.once('message', (m) => resolve(m as LoadResult));
    child.once('error', reject);
    child.once('exit', (code) => code !== 0 && reject(new Error(`the load generator exited with ${code}`)));
    child.send({ connections, ...options, duration: seconds });
  });
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

/** The ceiling in its own process. */
export async function startCeiling(): Promise<{ url: string; stop: () => void }> {
  const child: ChildProcess = spawn(process.execPath, [new URL('./hello.mjs', import.meta.url).pathname], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout! }).once('line', resolve);
    child.once('exit', (code) => reject(new Error(`the ceiling server exited with ${code}`)));
  });
  return { url, stop: () => child.kill('SIGTERM') };
}

export class Harness {
  readonly results: ScenarioResult[] = [];
  constructor(
    private readonly ceilingUrl: string,
    private readonly options: HarnessOptions,
  ) {}

  probe(): Promise<number> {
    return load({ url: this.ceilingUrl }, 1, this.options.connections).then((r) => r.rps);
  }

  /** Measures a scenario as described above; prints and keeps its result. */
  async scenario(name: string, target: LoadOptions): Promise<ScenarioResult> {
    const { seconds, connections, rounds } = this.options;
    const tolerance = this.options.tolerance ?? 0.2;
    const maxRepeats = this.options.maxRepeats ?? 2;
    let repeats = 0;
    for (;;) {
      const probeBefore = await this.probe();
      await load(target, 1, target.connections ?? connections); // warm-up: JIT, pooled connections, caches
      const ceilings: number[] = [];
      const runs: LoadResult[] = [];
      for (let r = 0; r < rounds; r++) {
        ceilings.push((await load({ url: this.ceilingUrl }, seconds, connections)).rps);
        runs.push(await load(target, seconds, target.connections ?? connections));
      }
      const probeAfter = await this.probe();
      const moved = Math.abs(probeAfter - probeBefore) / Math.max(probeBefore, 1);
      if (moved > tolerance && repeats < maxRepeats) {
        repeats++;
        continue;
      }
      const ratios = runs.map((run, i) => run.rps / ceilings[i]!);
      const rps = runs.map((run) => run.rps);
      const result: ScenarioResult = {
        name,
        rps: median(rps),
        rpsMin: Math.min(...rps),
        rpsMax: Math.max(...rps),
        ratio: median(ratios),
        ratioMin: Math.min(...ratios),
        ratioMax: Math.max(...ratios),
        ceiling: median(ceilings),
        p50: median(runs.map((run) => run.p50)),
        p99: median(runs.map((run) => run.p99)),
        errors: runs.reduce((n, run) => n + run.errors, 0),
        probeBefore,
        probeAfter,
        repeats,
      };
      this.results.push(result);
      process.stdout.write(`${formatRow(result)}\n`);
      return result;
    }
  }
}

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

/** Wide enough for the longest scenario's name. */
const NAME_WIDTH = 56;

export function formatHeader(): string {
  return `${'scenario'.padEnd(NAME_WIDTH)} ${'req/s'.padStart(8)}  ${'of ceiling'.padStart(10)} ${'(spread)'.padEnd(15)} ${'p99'.padStart(7)}`;
}

export function formatRow(r: ScenarioResult): string {
  const spread = `${pct(r.ratioMin)}–${pct(r.ratioMax)}`;
  const notes = [
    r.errors ? `${r.errors} errors/non-2xx` : '',
    r.repeats ? `measured ${r.repeats + 1}× (probe moved)` : '',
  ].filter(Boolean);
  return `${r.name.padEnd(NAME_WIDTH)} ${r.rps.toFixed(0).padStart(8)}  ${pct(r.ratio).padStart(10)} ${spread.padEnd(15)} ${`${r.p99} ms`.padStart(7)}${notes.length ? `   ${notes.join(', ')}` : ''}`;
}

/** The results as a Markdown table, for docs/performance.md. */
export function markdownTable(results: ScenarioResult[]): string {
  const rows = results.map(
    (r) =>
      `| ${r.name} | ${r.rps.toFixed(0)} | ${pct(r.ratio)} (${pct(r.ratioMin)}–${pct(r.ratioMax)}) | ${r.ceiling.toFixed(0)} | ${r.p50} | ${r.p99} | ${r.errors} |`,
  );
  return [
    '| scenario | req/s (median) | of the ceiling (spread) | ceiling req/s | p50 ms | p99 ms | errors |',
    '|---|---:|---:|---:|---:|---:|---:|',
    ...rows,
  ].join('\n');
}
