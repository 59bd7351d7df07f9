// Strava's per-application rate limits: a 15-minute window reset on the quarter hour and a
// daily window reset at 00:00 UTC, both on the simulator clock. Every call counts, rejected
// ones included; "read" limits apply to everything but uploads.

export interface Limits {
  overall15: number;
  overallDaily: number;
  read15: number;
  readDaily: number;
}

export const DEFAULT_LIMITS: Limits = { overall15: 200, overallDaily: 2000, read15: 100, readDaily: 1000 };

export interface Usage {
  overall15: number;
  overallDaily: number;
  read15: number;
  readDaily: number;
}

export interface RateDecision {
  limited: boolean;
  headers: Record<string, string>;
}

const QUARTER_MS = 15 * 60_000;
const DAY_MS = 86_400_000;

export const RATE_LIMIT_EXCEEDED = {
  message: 'Rate Limit Exceeded',
  errors: [{ resource: 'Application', field: 'rate limit', code: 'exceeded' }],
};

export class RateLimiter {
  private quarter = -1;
  private day = -1;
  private usage: Usage = { overall15: 0, overallDaily: 0, read15: 0, readDaily: 0 };
  limits: Limits;

  constructor(
    private readonly now: () => number,
    limits: Partial<Limits> = {},
  ) {
    this.limits = { ...DEFAULT_LIMITS, ...limits };
  }

  private roll(): void {
    const t = this.now();
    const q = Math.floor(t / QUARTER_MS);
    const d = Math.floor(t / DAY_MS);
    if (q !== this.quarter) {
      this.quarter = q;
      this.usage.overall15 = 0;
      this.usage.read15 = 0;
    }
    if (d !== this.day) {
      this.day = d;
      this.usage.overallDaily = 0;
      this.usage.readDaily = 0;
    }
  }

  /** Counts one call and says whether it is over a limit. */
  take(upload = false): RateDecision {
    this.roll();
    const u = this.usage;
    u.overall15++;
    u.overallDaily++;
    if (!upload) {
      u.read15++;
      u.readDaily++;
    }
    const l = this.limits;
    const limited =
      u.overall15 > l.overall15 ||
      u.overallDaily > l.overallDaily ||
      (!upload && (u.read15 > l.read15 || u.readDaily > l.readDaily));
    return { limited, headers: this.headers() };
  }

  headers(): Record<string, string> {
    const { limits: l, usage: u } = this;
    return {
      'x-ratelimit-limit': `${l.overall15},${l.overallDaily}`,
      'x-ratelimit-usage': `${u.overall15},${u.overallDaily}`,
      'x-readratelimit-limit': `${l.read15},${l.readDaily}`,
      'x-readratelimit-usage': `${u.read15},${u.readDaily}`,
    };
  }

  snapshot(): { limits: Limits; usage: Usage; windowResetsAt: string; dayResetsAt: string } {
    this.roll();
    return {
      limits: { ...this.limits },
      usage: { ...this.usage },
      windowResetsAt: new Date((this.quarter + 1) * QUARTER_MS).toISOString(),
      dayResetsAt: new Date((this.day + 1) * DAY_MS).toISOString(),
    };
  }

  setLimits(limits: Partial<Limits>): void {
    this.limits = { ...this.limits, ...limits };
  }

  resetUsage(): void {
    this.usage = { overall15: 0, overallDaily: 0, read15: 0, readDaily: 0 };
  }
}
