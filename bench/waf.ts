// The WAF's cost: the same gateway read (the last 10 runs, session cookie) straight to the
// gateway, through nginx alone, and through nginx with ModSecurity and the OWASP CRS (deploy/waf),
// measured one after the other in the same run; plus the CPU nginx's workers spent per request.
// Called by bench/run.ts; returns printed lines.
import { readdirSync, readFileSync } from 'node:fs';
import autocannon from 'autocannon';
import { noWaf, startWaf } from '../apps/runnerly/src/e2e/waf-harness.ts';

/** CPU seconds (user + system) used so far by the children of `pid` (nginx's workers). */
function childrenCpuSeconds(pid: number): number {
  let ticks = 0;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
    } catch {
      continue;
    }
    // pid (comm) state ppid … utime(14) stime(15): split after the command's closing parenthesis.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (Number(fields[1]) === pid) ticks += Number(fields[11]) + Number(fields[12]);
  }
  return ticks / 100; // USER_HZ
}

export async function wafBench(options: {
  gateway: string;
  cookie: string;
  seconds: number;
  connections: number;
}): Promise<string[]> {
  if (noWaf) return [`skipped: ${noWaf}`];
  const lines: string[] = [];
  const path = '/api/me/runs?limit=10';
  const run = async (title: string, base: string, nginxPid?: number) => {
    // A second of warm-up first, so no path is measured cold (JIT, pooled connections).
    await autocannon({
      url: `${base}${path}`,
      headers: { cookie: options.cookie },
      connections: options.connections,
      duration: 1,
    });
    const cpuBefore = nginxPid ? childrenCpuSeconds(nginxPid) : 0;
    const result = await autocannon({
      url: `${base}${path}`,
      headers: { cookie: options.cookie },
      connections: options.connections,
      duration: options.seconds,
    });
    const cpu = nginxPid ? childrenCpuSeconds(nginxPid) - cpuBefore : 0;
    const errors = result.errors + result.timeouts + result.non2xx;
    const perRequest = nginxPid && result.requests.total ? (cpu * 1e6) / result.requests.total : 0;
    lines.push(
      `${title.padEnd(48)} ${result.requests.average.toFixed(0).padStart(8)} req/s   p50 ${result.latency.p50} ms   p99 ${result.latency.p99} ms${nginxPid ? `   nginx ${perRequest.toFixed(0)} µs CPU/request` : ''}${errors ? `   (${errors} errors/non-2xx)` : ''}`,
    );
    return { rps: result.requests.average, p50: result.latency.p50, cpuUs: perRequest };
  };
  // No request limit here: the load comes from one address.
  const limits = { WAF_RATE_API: '1000000', WAF_BURST_API: '1000000', WAF_ACCESS_LOG: 'off', WAF_LOG_LEVEL: 'warn' };
  const plain = await startWaf({ upstream: options.gateway, env: { ...limits, WAF_MODSECURITY: 'off' } });
  const waf = await startWaf({ upstream: options.gateway, env: limits });
  try {
    const direct = await run('gateway: last 10 runs, direct', options.gateway);
    const proxied = await run('gateway: last 10 runs, through nginx alone', plain.url, plain.pid);
    const guarded = await run('gateway: last 10 runs, through nginx + ModSecurity', waf.url, waf.pid);
    const pct = (a: number, b: number) => `${((a / b) * 100).toFixed(1)}%`;
    lines.push(
      'Ratios (same run):',
      `  through nginx alone / direct             ${pct(proxied.rps, direct.rps)}`,
      `  through nginx + ModSecurity / direct     ${pct(guarded.rps, direct.rps)}`,
      `  through nginx + ModSecurity / nginx alone ${pct(guarded.rps, proxied.rps)}`,
      `  ModSecurity + CRS cost per request       ${(guarded.cpuUs - proxied.cpuUs).toFixed(0)} µs of nginx CPU`,
    );
  } finally {
    await waf.close();
    await plain.close();
  }
  return lines;
}
