import tzlookup from '@photostructure/tz-lookup';

/**
 * IANA time zone at a position, from data shipped in the package (no network). Returns null when
 * the position is unusable or at sea ("Etc/GMT±N"), so the caller falls back to the runner's zone.
 */
export function timeZoneAt(lat: number, lon: number): string | null {
  try {
    const zone = tzlookup(lat, lon);
    return zone && !zone.startsWith('Etc/') ? zone : null;
  } catch {
    return null;
  }
}
