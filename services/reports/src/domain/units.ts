/** Distances, paces, durations and heights in the runner's units (km or mi). */
export type Units = 'km' | 'mi';
export const METRES_PER_MILE = 1609.344;
const FEET_PER_METRE = 3.28084;

export function unitLength(units: Units): number {
  return units === 'mi' ? METRES_PER_MILE : 1000;
}

/** "123.4 km" / "76.7 mi". */
export function formatDistance(metres: number, units: Units, digits = 1): string {
  return `${(metres / unitLength(units)).toFixed(digits)} ${units}`;
}

/** "m:ss", rounded to whole seconds (59.6 s → "1:00"). */
export function minSec(seconds: number): string {
  const s = Math.round(seconds);
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

/** Seconds per km (or mile); null without distance or time. */
export function paceSeconds(seconds: number, metres: number, units: Units): number | null {
  if (!(metres > 0) || !(seconds > 0)) return null;
  return seconds / (metres / unitLength(units));
}

/** "5:12 /km" / "8:22 /mi"; "—" without distance or time. */
export function formatPace(seconds: number, metres: number, units: Units): string {
  const p = paceSeconds(seconds, metres, units);
  return p === null ? '—' : `${minSec(p)} /${units}`;
}

/** A race or effort time: "1:02:03" or "45:10". */
export function formatClock(seconds: number): string {
  const s = Math.round(seconds);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = String(s % 60).padStart(2, '0');
  return h ? `${h}:${String(m).padStart(2, '0')}:${sec}` : `${m}:${sec}`;
}

/** A month's time on the feet: "12 h 05 min", "45 min". */
export function formatHours(seconds: number): string {
  const minutes = Math.round(seconds / 60);
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return h ? `${h} h ${String(m).padStart(2, '0')} min` : `${m} min`;
}

/** "180 m" in km units, "591 ft" in miles. */
export function formatElevation(metres: number, units: Units): string {
  return units === 'mi' ? `${Math.round(metres * FEET_PER_METRE)} ft` : `${Math.round(metres)} m`;
}
