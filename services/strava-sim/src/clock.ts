// The simulator's own notion of now: real time plus an offset, optionally frozen. Token
// expiry, rate-limit windows and "new activities appear" all read this clock.

export class Clock {
  private offsetMs = 0;
  private frozenAt: number | null = null;

  constructor(private readonly realNow: () => number = Date.now) {}

  now(): number {
    return this.frozenAt ?? this.realNow() + this.offsetMs;
  }

  nowSeconds(): number {
    return Math.floor(this.now() / 1000);
  }

  get frozen(): boolean {
    return this.frozenAt !== null;
  }

  get offset(): number {
    return this.frozenAt === null ? this.offsetMs : this.frozenAt - this.realNow();
  }

  set(epochMs: number): void {
    if (this.frozenAt !== null) this.frozenAt = epochMs;
    else this.offsetMs = epochMs - this.realNow();
  }

  advance(ms: number): void {
    this.set(this.now() + ms);
  }

  freeze(): void {
    if (this.frozenAt === null) this.frozenAt = this.now();
  }

  unfreeze(): void {
    if (this.frozenAt === null) return;
    this.offsetMs = this.frozenAt - this.realNow();
    this.frozenAt = null;
  }

  reset(): void {
    this.offsetMs = 0;
    this.frozenAt = null;
  }

  toJSON(): { now: string; epoch: number; offsetMs: number; frozen: boolean } {
    const now = this.now();
    return {
      now: new Date(now).toISOString(),
      epoch: Math.floor(now / 1000),
      offsetMs: this.offset,
      frozen: this.frozen,
    };
  }
}

/** Accepts epoch seconds, epoch milliseconds or an ISO 8601 string. */
export function parseInstant(v: string | number): number | null {
  if (typeof v === 'number') return v < 1e11 ? v * 1000 : v;
  if (/^\d+$/.test(v)) return parseInstant(Number(v));
  const ms = Date.parse(v);
  return Number.isNaN(ms) ? null : ms;
}
