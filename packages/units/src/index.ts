/** Distances, paces, durations and heights in the runner's units (km or mi): the dashboard's and the mails'. */
export type Units = 'km' | 'mi';
export const METRES_PER_MILE = 1609.344;
const FEET_PER_METRE = 3.28084;

export function unitLength(units: Units): number {
  return units === 'mi' ? METRES_PER_MILE : 1000;
}

/** "21.10 km" / "13.11 mi". */
export function formatDistance(metres: number, units: Units, digits = 2): string {
  return `${(metres / unitLength(units)).toFixed(digits)} ${units}`;
}

/** "m:ss" for a number of seconds, rounding to whole seconds (59.6 s → "1:00"). */
export function minSec(seconds: number): string {
  const s = Math.round(seconds);
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

/** Seconds per km (or mile); null when it cannot be told. */
export function paceSeconds(seconds: number, metres: number, units: Units): number | null {
  if (!(metres > 0) || !(seconds > 0)) return null;
  return seconds / (metres / unitLength(units));
}

/** "5:00 /km" / "8:03 /mi"; "—" without distance or time. */
export function formatPace(seconds: number, metres: number, units: Units): string {
  const p = paceSeconds(seconds, metres, units);
  return p === null ? '—' : `${minSec(p)} /${units}`;
}

/** "180 m" in km units, "591 ft" in miles. */
export function formatElevation(metres: number | null | undefined, units: Units): string {
  if (metres == null || !Number.isFinite(metres)) return '—';
  return units === 'mi' ? `${Math.round(metres * FEET_PER_METRE)} ft` : `${Math.round(metres)} m`;
}

export function elevationValue(metres: number, units: Units): number {
  return units === 'mi' ? metres * FEET_PER_METRE : metres;
}

export function elevationUnit(units: Units): string {
  return units === 'mi' ? 'ft' : 'm';
}

/** "1:02:03" or "45:10". */
export function formatDuration(seconds: number): string {
  const s = Math.round(seconds);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = s % 60;
  return h
    ? `${h}:${String(m).padStart(2, '0')}:${String(sec).padStart(2, '0')}`
    : `${m}:${String(sec).padStart(2, '0')}`;
}

/** A distance typed in the runner's units ("10", "5,5") in metres; null when it is not a positive number. */
export function parseDistance(text: string, units: Units): number | null {
  const s = text.trim().replace(',', '.');
  if (!/^\d*\.?\d+$|^\d+\.$/.test(s)) return null;
  const metres = Number(s) * unitLength(units);
  return metres > 0 ? metres : null;
}

/** A height typed in the runner's units (metres, or feet with miles) in metres. */
export function elevationToMetres(value: number, units: Units): number {
  return units === 'mi' ? value / FEET_PER_METRE : value;
}

/** Time on the feet: "12 h 05 min", "45 min". */
export function formatHours(seconds: number): string {
  const minutes = Math.round(seconds / 60);
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return h ? `${h} h ${String(m).padStart(2, '0')} min` : `${m} min`;
}
