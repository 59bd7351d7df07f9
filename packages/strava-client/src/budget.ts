// Strava's rate-limit headers, each "15-min,daily", read into one budget object.

export interface WindowUsage {
  /** Calls allowed in the 15-minute window and in the UTC day. */
  limit15: number;
  limitDaily: number;
  /** Calls used so far in each. */
  usage15: number;
  usageDaily: number;
}

export interface RateBudget {
  overall: WindowUsage;
  /** Everything but uploads: the one that binds a read-only client. */
  read: WindowUsage | null;
}

type HeaderSource = Headers | Record<string, string | string[] | undefined>;

function header(h: HeaderSource, name: string): string | undefined {
  if (h instanceof Headers) return h.get(name) ?? undefined;
  const v = h[name] ?? h[name.toLowerCase()];
  return Array.isArray(v) ? v[0] : v;
}

function pair(raw: string | undefined): [number, number] | null {
  if (!raw) return null;
  const parts = raw.split(',').map((s) => Number(s.trim()));
  if (parts.length !== 2 || parts.some((n) => !Number.isFinite(n) || n < 0)) return null;
  return [parts[0]!, parts[1]!];
}

function windowOf(limit: string | undefined, usage: string | undefined): WindowUsage | null {
  const l = pair(limit);
  const u = pair(usage);
  if (!l || !u) return null;
  return { limit15: l[0], limitDaily: l[1], usage15: u[0], usageDaily: u[1] };
}

/** The budget in a response's headers; null when absent (5xx, OAuth endpoints). */
export function parseBudget(headers: HeaderSource): RateBudget | null {
  const overall = windowOf(header(headers, 'x-ratelimit-limit'), header(headers, 'x-ratelimit-usage'));
  if (!overall) return null;
  return {
    overall,
    read: windowOf(header(headers, 'x-readratelimit-limit'), header(headers, 'x-readratelimit-usage')),
  };
}

/** The binding window for reads: the smaller remaining of overall and read limits. */
export function readWindow(b: RateBudget): WindowUsage {
  if (!b.read) return b.overall;
  return {
    limit15: Math.min(b.overall.limit15, b.read.limit15),
    limitDaily: Math.min(b.overall.limitDaily, b.read.limitDaily),
    usage15: b.read.limit15 <= b.overall.limit15 ? b.read.usage15 : b.overall.usage15,
    usageDaily: b.read.limitDaily <= b.overall.limitDaily ? b.read.usageDaily : b.overall.usageDaily,
  };
}
