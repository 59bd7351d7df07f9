/**
 * Short calendar labels in the browser's language (totals per week and month come from the
 * Data Service). Pure: no DOM.
 */

function toUtc(ymd: string): Date {
  const [y, m, d] = ymd.split('-').map(Number);
  return new Date(Date.UTC(y!, m! - 1, d ?? 1));
}

/** "9 Mar" for a date string, in the browser's language (dates only, no zone shift). */
export function shortDay(ymd: string, locale?: string): string {
  return new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'short', timeZone: 'UTC' }).format(toUtc(ymd));
}

/** "Mar" or "Mar 2026" for "2026-03". */
export function monthLabel(month: string, withYear = false, locale?: string): string {
  return new Intl.DateTimeFormat(locale, {
    month: 'short',
    ...(withYear ? { year: 'numeric' } : {}),
    timeZone: 'UTC',
  }).format(toUtc(`${month}-01`));
}
