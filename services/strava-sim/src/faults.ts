// Fault injection for the next N matching calls: 5xx answers, added latency, or a dropped
// connection (the socket is destroyed without a response).

export type FaultKind = 'error' | 'latency' | 'drop';

export interface FaultRule {
  id: number;
  kind: FaultKind;
  /** Calls left to affect; null = every matching call until cleared. */
  remaining: number | null;
  status: number;
  latencyMs: number;
  /** Path filter: a prefix, or a pattern with `*` wildcards matched against the whole path. */
  path: string | null;
  method: string | null;
}

export interface FaultInput {
  kind: FaultKind;
  count?: number | null;
  status?: number;
  latencyMs?: number;
  path?: string | null;
  method?: string | null;
}

export interface FaultOutcome {
  latencyMs: number;
  action: { kind: 'error'; status: number } | { kind: 'drop' } | null;
}

function matches(rule: FaultRule, method: string, path: string): boolean {
  if (rule.method && rule.method.toUpperCase() !== method.toUpperCase()) return false;
  if (!rule.path) return true;
  if (!rule.path.includes('*')) return path.startsWith(rule.path);
  // eslint-disable-next-line security/detect-non-literal-regexp -- a fault rule a test posts to the local simulator; its special characters are escaped
  const re = new RegExp(
    '^' +
      rule.path
        .split('*')
        .map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
        .join('.*') +
      '$',
  );
  return re.test(path);
}

export class Faults {
  private rules: FaultRule[] = [];
  private nextId = 1;

  add(input: FaultInput): FaultRule {
    const rule: FaultRule = {
      id: this.nextId++,
      kind: input.kind,
      remaining: input.count === null ? null : (input.count ?? 1),
      status: input.status ?? 503,
      latencyMs: input.latencyMs ?? (input.kind === 'latency' ? 1000 : 0),
      path: input.path ?? null,
      method: input.method ?? null,
    };
    this.rules.push(rule);
    return rule;
  }

  list(): FaultRule[] {
    return this.rules.map((r) => ({ ...r }));
  }

  clear(): void {
    this.rules = [];
  }

  remove(id: number): boolean {
    const before = this.rules.length;
    this.rules = this.rules.filter((r) => r.id !== id);
    return this.rules.length < before;
  }

  /** Consumes the rules that apply to this call: latency adds up; the first error/drop wins. */
  take(method: string, path: string): FaultOutcome {
    const outcome: FaultOutcome = { latencyMs: 0, action: null };
    for (const rule of this.rules) {
      if (rule.remaining === 0 || !matches(rule, method, path)) continue;
      if (rule.kind === 'latency') {
        outcome.latencyMs += rule.latencyMs;
      } else {
        outcome.latencyMs += rule.latencyMs;
        outcome.action = rule.kind === 'drop' ? { kind: 'drop' } : { kind: 'error', status: rule.status };
      }
      if (rule.remaining !== null) rule.remaining--;
      if (outcome.action) break;
    }
    this.rules = this.rules.filter((r) => r.remaining !== 0);
    return outcome;
  }
}
