import { formatDuration } from '@runnerly/units';

/** Numbers as runners read them: km with 2 decimals, h:mm:ss, pace m:ss /km, dates in the run's zone. */
export function km(metres: number): string {
  return `${(metres / 1000).toFixed(2)} km`;
}

/** h:mm:ss, or m:ss under an hour. */
export const duration = formatDuration;

export function pace(seconds: number, metres: number): string {
  if (!metres || !seconds) return '—';
  const perKm = Math.round(seconds / (metres / 1000));
  return `${Math.floor(perKm / 60)}:${String(perKm % 60).padStart(2, '0')} /km`;
}

export function runDate(iso: string, timeZone: string): string {
  try {
    return new Intl.DateTimeFormat(undefined, {
      timeZone,
      weekday: 'short',
      day: 'numeric',
      month: 'short',
      year: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
    }).format(new Date(iso));
  } catch {
    return new Date(iso).toLocaleString();
  }
}

/**
 * A zone as a runner names it: "New York" for America/New_York, "UTC+1" for Etc/GMT-1 (the Etc
 * names count the other way round), "UTC".
 */
export function zoneLabel(timeZone: string): string {
  const fixed = /^Etc\/GMT([+-])(\d{1,2})$/.exec(timeZone);
  if (fixed) return `UTC${fixed[1] === '+' ? '−' : '+'}${fixed[2]}`;
  if (/^(Etc\/)?(UTC|GMT|UCT|Zulu|Universal)(0)?$/.test(timeZone)) return 'UTC';
  return (timeZone.split('/').pop() ?? timeZone).replace(/_/g, ' ');
}

/**
 * When a run started, on the clock of the place it was run (`runZone`), naming that zone when it
 * is not the runner's own (`runnerZone`): "Sat 10 Jan 2026, 07:30" or "…, 07:30 (New York)".
 */
export function runStart(iso: string, runZone: string | null | undefined, runnerZone: string): string {
  const zone = runZone || runnerZone;
  const text = runDate(iso, zone);
  return zone === runnerZone ? text : `${text} (${zoneLabel(zone)})`;
}

/** A moment that is not a run (a sync, a sign-in, a mail), on the runner's clock. */
export function momentIn(iso: string, timeZone: string): string {
  try {
    return new Intl.DateTimeFormat(undefined, { timeZone, dateStyle: 'medium', timeStyle: 'short' }).format(
      new Date(iso),
    );
  } catch {
    return new Date(iso).toLocaleString();
  }
}

/** "Wed 2 Dec" (and the year when not `thisYear`), for the compact run rows on a phone. */
export function shortRunDate(iso: string, timeZone: string, thisYear: number): string {
  const d = new Date(iso);
  const year = Number(new Intl.DateTimeFormat('en', { timeZone, year: 'numeric' }).format(d));
  try {
    return new Intl.DateTimeFormat(undefined, {
      timeZone,
      weekday: 'short',
      day: 'numeric',
      month: 'short',
      ...(year === thisYear ? {} : { year: 'numeric' }),
    }).format(d);
  } catch {
    return d.toLocaleDateString();
  }
}

/** "1:02:03" or "45:10" or "45" (minutes) → seconds; NaN when unreadable. */
export function parseDuration(text: string): number {
  const parts = text
    .trim()
    .split(':')
    .map((p) => Number(p));
  if (!parts.length || parts.some((p) => !Number.isFinite(p) || p < 0)) return NaN;
  if (parts.length === 1) return parts[0]! * 60;
  if (parts.length === 2) return parts[0]! * 60 + parts[1]!;
  if (parts.length === 3) return parts[0]! * 3600 + parts[1]! * 60 + parts[2]!;
  return NaN;
}
