import type { DoneRun } from './match-runs.ts';
import type { PlannedSession } from './plan-types.ts';

/**
 * A run done for a session, as a test writes one: `share` of its distance at `paceFactor` × its expected
 * average pace, starting at `utcTime` on the session's date (05:00Z is 07:00 in Paris in summer).
 */
export function runFor(
  s: PlannedSession,
  opts: { share?: number; paceFactor?: number; dayShift?: number; utcTime?: string; id?: string } = {},
): DoneRun {
  const share = opts.share ?? 1;
  const distance = Math.round(s.distanceM * share);
  const pace = (s.durationS / s.distanceM) * (opts.paceFactor ?? 1);
  const date = new Date(`${s.date}T${opts.utcTime ?? '05:00:00'}Z`);
  date.setUTCDate(date.getUTCDate() + (opts.dayShift ?? 0));
  return {
    id: opts.id ?? `run-${s.id}`,
    start_time: date.toISOString(),
    distance_m: distance,
    moving_time_s: Math.round(distance * pace),
  };
}
