import type { RawPart } from './assemble.ts';

/** Before this (2000-01-01), a timestamp is a device clock that was never set. */
const earliestPlausible = Date.UTC(2000, 0, 1);
/** Points this far outside the span the device declares belong to no activity. */
const outsideDeclaredMs = 3600_000;
/** Without a device elapsed time, a gap this long inside one recording is the clock jumping. */
const longestPlausibleGapMs = 6 * 3600_000;
/** Small steps back (ms) are reordering, not a clock change. */
const backwardToleranceMs = 2000;

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

function hours(ms: number): string {
  const h = ms / 3600_000;
  return h >= 48
    ? `${Math.round(h / 24)} days`
    : h >= 1
      ? `${h.toFixed(h < 10 ? 1 : 0)} h`
      : `${Math.round(ms / 1000)} s`;
}

/** Typical interval between points (median of the positive steps), at least 1 s. */
function nominalStep(times: number[]): number {
  const steps: number[] = [];
  for (let i = 1; i < times.length; i++) if (times[i]! > times[i - 1]!) steps.push(times[i]! - times[i - 1]!);
  if (steps.length === 0) return 1000;
  steps.sort((a, b) => a - b);
  return Math.max(1000, Math.min(10_000, steps[steps.length >> 1]!));
}

/** Moves every point, pause and lap at or after `from` (ms) by `shift` ms. */
function shiftFrom(part: RawPart, index: number, from: number, shift: number): void {
  for (let i = index; i < part.points.length; i++) part.points[i]!.time += shift;
  for (const pause of part.pauses) {
    if (pause.start >= from) pause.start += shift;
    if (pause.end >= from) pause.end += shift;
  }
  for (const lap of part.laps) if (lap.start >= from) lap.start += shift;
  if (part.end !== undefined && part.end >= from) part.end += shift;
}

/**
 * Repairs a part's clock in file order, so the run keeps its real duration:
 * - points dated before 2000 (a clock never set) or more than an hour outside the span the
 *   device declares (session start + elapsed time) are dropped;
 * - a step back in time (the clock corrected mid-run) moves what follows to just after the point
 *   before, instead of sorting the later points back over the earlier ones;
 * - a step forward that the device's own elapsed time does not account for (or, without one, a
 *   gap of more than 6 hours inside one recording) is closed to one sampling interval.
 * Returns what was repaired, in words, for the runner.
 */
export function repairClock(part: RawPart): string[] {
  const repairs: string[] = [];
  const declaredElapsed = part.totals.elapsedTime;
  const before = part.points.length;
  part.points = part.points.filter((p) => Number.isFinite(p.time) && p.time >= earliestPlausible);
  const points = part.points;
  if (points.length < 2) return dropOutside(part, before, repairs);
  const step = nominalStep(points.map((p) => p.time));

  let back = 0;
  for (let i = 1; i < points.length; i++) {
    const dt = points[i]!.time - points[i - 1]!.time;
    if (dt < -backwardToleranceMs) {
      shiftFrom(part, i, points[i]!.time, -dt + step);
      back++;
    }
  }
  if (back > 0)
    repairs.push(`the clock went back ${back === 1 ? 'once' : `${back} times`}: the times after it follow on`);

  const gaps: Array<{ index: number; size: number }> = [];
  for (let i = 1; i < points.length; i++) {
    const size = points[i]!.time - points[i - 1]!.time;
    if (size > 60_000) gaps.push({ index: i, size });
  }
  gaps.sort((a, b) => b.size - a.size);
  const span = () => points[points.length - 1]!.time - points[0]!.time;
  for (const gap of gaps) {
    let shrink: number;
    if (declaredElapsed !== undefined) {
      const excess = span() - declaredElapsed * 1000;
      if (excess <= Math.max(60_000, declaredElapsed * 20)) break;
      shrink = Math.min(gap.size - step, excess);
    } else {
      if (gap.size <= longestPlausibleGapMs) break;
      shrink = gap.size - step;
    }
    if (shrink <= 0) continue;
    const at = points[gap.index]!.time;
    shiftFrom(part, gap.index, at, -shrink);
    // A pause that spanned the jump now ends before it starts: it is gone with the gap.
    part.pauses = part.pauses.filter((p) => p.end > p.start);
    repairs.push(`the clock jumped ${hours(shrink)} forward: the gap was closed`);
  }
  return dropOutside(part, before, repairs);
}

/** Drops what is still more than an hour outside the span the device declares, and says how many points went. */
function dropOutside(part: RawPart, before: number, repairs: string[]): string[] {
  const start = part.totals.start;
  const elapsed = part.totals.elapsedTime;
  if (start !== undefined) {
    part.points = part.points.filter(
      (p) =>
        p.time >= start - outsideDeclaredMs &&
        (elapsed === undefined || p.time <= start + elapsed * 1000 + outsideDeclaredMs),
    );
  }
  if (part.points.length < before) {
    repairs.unshift(`${plural(before - part.points.length, 'point')} with an impossible time left out`);
  }
  return repairs;
}
