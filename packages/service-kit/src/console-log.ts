/**
 * How logs look. JSON lines (one object per line, for collectors) when stdout is not a terminal
 * or when LOG_FORMAT=json; on a terminal, short readable lines without one per request, so the
 * few things a person should see (the dashboard's address, mails in the development mailbox,
 * warnings) are not buried. LOG_FORMAT=pretty forces the readable form.
 */
export type LogFormat = 'json' | 'pretty';

export function logFormat(
  env: Record<string, string | undefined> = process.env,
  tty = !!process.stdout.isTTY,
): LogFormat {
  if (env.LOG_FORMAT === 'json' || env.LOG_FORMAT === 'pretty') return env.LOG_FORMAT;
  return tty ? 'pretty' : 'json';
}

const levels: Record<number, string> = { 10: 'trace', 20: 'debug', 30: 'info', 40: 'WARN', 50: 'ERROR', 60: 'FATAL' };
const skip = new Set(['level', 'time', 'pid', 'hostname', 'service', 'msg', 'reqId', 'v']);

/** One pino JSON line as "12:03:04 accounts    WARN  message key=value"; non-JSON text passes through. */
export function prettyLine(json: string): string {
  let o: Record<string, unknown>;
  try {
    o = JSON.parse(json) as Record<string, unknown>;
  } catch {
    return json.endsWith('\n') ? json : `${json}\n`;
  }
  const time = typeof o.time === 'string' ? o.time.slice(11, 19) : new Date().toISOString().slice(11, 19);
  const level = levels[Number(o.level)] ?? String(o.level);
  const extras = Object.entries(o)
    .filter(([k]) => !skip.has(k))
    .map(([k, v]) => {
      if (k === 'err' && v && typeof v === 'object')
        return `error=${JSON.stringify((v as { message?: string }).message ?? v)}`;
      return `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`;
    });
  const head = `${time} ${String(o.service ?? '').padEnd(11)} ${level === 'info' ? '' : `${level} `}`;
  return `${head}${String(o.msg ?? '')}${extras.length ? `  ${extras.join(' ')}` : ''}\n`;
}

/** A pino destination that writes readable lines to stdout. */
export const prettyStdout = {
  write(chunk: string): void {
    for (const line of chunk.split('\n')) if (line) process.stdout.write(prettyLine(line));
  },
};
