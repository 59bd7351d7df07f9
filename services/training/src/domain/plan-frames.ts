import type { WeekFrame } from './plan-layout.ts';
import type { PlanWeek } from './plan-types.ts';

/** The frames a plan's weeks were built from, read back from the weeks (for re-building some of them). */
export function framesOf(weeks: readonly PlanWeek[]): WeekFrame[] {
  return weeks.map((w, i) => {
    let start = i;
    while (start > 0 && weeks[start - 1]!.phase === w.phase) start--;
    let end = i;
    while (end < weeks.length - 1 && weeks[end + 1]!.phase === w.phase) end++;
    return {
      index: w.index,
      startDate: w.startDate,
      endDate: w.endDate,
      phase: w.phase,
      cutback: w.cutback,
      weekInPhase: i - start + 1,
      phaseWeeks: end - start + 1,
      taperShare: null,
      isRaceWeek: i === weeks.length - 1,
    };
  });
}
