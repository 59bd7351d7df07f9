// Counts of the calls made to the Strava side of the simulator (API and OAuth), so tests can
// assert how many calls a client made and how many were rate limited or faulted.

export interface CallRecord {
  at: string;
  method: string;
  route: string;
  path: string;
  status: number | 'dropped';
  athleteId: number | null;
}

export interface CallSnapshot {
  total: number;
  api: number;
  oauth: number;
  rateLimited: number;
  faulted: number;
  dropped: number;
  byRoute: Record<string, number>;
  byStatus: Record<string, number>;
  byAthlete: Record<string, number>;
  recent: CallRecord[];
}

const RECENT = 500;

export class CallLog {
  private s: CallSnapshot = CallLog.empty();

  private static empty(): CallSnapshot {
    return {
      total: 0,
      api: 0,
      oauth: 0,
      rateLimited: 0,
      faulted: 0,
      dropped: 0,
      byRoute: {},
      byStatus: {},
      byAthlete: {},
      recent: [],
    };
  }

  record(rec: CallRecord, flags: { faulted?: boolean } = {}): void {
    const s = this.s;
    s.total++;
    if (rec.path.startsWith('/api/')) s.api++;
    else s.oauth++;
    if (rec.status === 429) s.rateLimited++;
    if (rec.status === 'dropped') s.dropped++;
    if (flags.faulted) s.faulted++;
    const key = `${rec.method} ${rec.route}`;
    s.byRoute[key] = (s.byRoute[key] ?? 0) + 1;
    s.byStatus[String(rec.status)] = (s.byStatus[String(rec.status)] ?? 0) + 1;
    if (rec.athleteId !== null) s.byAthlete[String(rec.athleteId)] = (s.byAthlete[String(rec.athleteId)] ?? 0) + 1;
    s.recent.push(rec);
    if (s.recent.length > RECENT) s.recent.splice(0, s.recent.length - RECENT);
  }

  snapshot(): CallSnapshot {
    return structuredClone(this.s);
  }

  reset(): void {
    this.s = CallLog.empty();
  }
}
