/** Pure helpers for long work (Strava sync, uploads): time left, time ago, per-file bytes. */

/** "less than a minute", "about 4 minutes", "about 2 hours", "about 3 days". */
export function timeLeft(seconds: number): string {
  if (seconds < 60) return 'less than a minute';
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `about ${minutes} minute${minutes === 1 ? '' : 's'}`;
  const hours = Math.round(seconds / 3600);
  if (hours < 48) return `about ${hours} hour${hours === 1 ? '' : 's'}`;
  const days = Math.round(seconds / 86_400);
  return `about ${days} days`;
}

/** "just now", "5 minutes ago", "3 hours ago", "2 days ago". */
export function timeAgo(iso: string, now = Date.now()): string {
  const s = Math.max(0, (now - Date.parse(iso)) / 1000);
  if (!Number.isFinite(s)) return '';
  if (s < 45) return 'just now';
  const m = Math.round(s / 60);
  if (m < 60) return `${m} minute${m === 1 ? '' : 's'} ago`;
  const h = Math.round(s / 3600);
  if (h < 36) return `${h} hour${h === 1 ? '' : 's'} ago`;
  const d = Math.round(s / 86_400);
  return `${d} day${d === 1 ? '' : 's'} ago`;
}

/**
 * Bytes sent per file of one multipart upload: the files go in order, so the first `loaded`
 * bytes cover the first files (the multipart overhead, spread over the total, is ignored).
 */
export function perFileSent(sizes: number[], loaded: number, total: number): number[] {
  const sum = sizes.reduce((a, b) => a + b, 0);
  const scaled = total > 0 ? loaded * (sum / total) : 0;
  let left = scaled;
  return sizes.map((size) => {
    const sent = Math.max(0, Math.min(size, left));
    left -= size;
    return sent;
  });
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(0)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

export const acceptedExtensions = ['.gpx', '.tcx', '.fit', '.gz', '.zip'];

/** Whether a file name looks like something the importer takes (the content decides in the end). */
export function acceptedName(name: string): boolean {
  const lower = name.toLowerCase();
  return acceptedExtensions.some((ext) => lower.endsWith(ext));
}

/** What the runner reads after Strava sends them back (`/connections?strava=…`). */
export function stravaOutcome(code: string): { kind: 'ok' | 'error' | 'info'; text: string } {
  switch (code) {
    case 'linked':
      return {
        kind: 'ok',
        text: 'Strava is connected. Your runs are being imported now: the newest ones appear on Home first.',
      };
    case 'denied':
      return {
        kind: 'info',
        text: 'You cancelled on Strava’s page, so nothing was connected. Choose “Connect with Strava” when you are ready.',
      };
    case 'missing_scope':
      return {
        kind: 'error',
        text: 'Strava did not give Runnerly access to your activities. Connect again and, on Strava’s page, keep “View data about your activities” ticked and tick “View data about your private activities” so private runs come too.',
      };
    case 'invalid_state':
      return {
        kind: 'error',
        text: 'That answer from Strava had expired or was already used (a connection attempt lasts 10 minutes). Choose “Connect with Strava” to start again.',
      };
    case 'taken':
      return {
        kind: 'error',
        text: 'This Strava account is already connected to another Runnerly account. Disconnect it there first, or log in to Strava with your own account.',
      };
    default:
      return {
        kind: 'error',
        text: 'Strava could not complete the connection. Wait a few minutes and choose “Connect with Strava” again.',
      };
  }
}

/**
 * How far the charts (Strava streams, fetched newest first with spare budget) have come:
 * "Charts for 120 of 450 runs", "Charts for all 450 runs", or null when none are wanted.
 */
export function chartsText(charts: { done: number; total: number } | undefined): string | null {
  if (!charts || charts.total <= 0) return null;
  if (charts.done >= charts.total)
    return charts.total === 1 ? 'Charts for your run' : `Charts for all ${charts.total} runs`;
  return `Charts for ${charts.done} of ${charts.total} run${charts.total === 1 ? '' : 's'}`;
}
