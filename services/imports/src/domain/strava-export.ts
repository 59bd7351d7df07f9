import { parseCsv } from './csv.ts';

/** One line of a Strava bulk export's activities.csv (the columns we use). */
export interface ExportActivity {
  id: string;
  date: string;
  name: string;
  type: string;
  description: string;
  /** Path inside the export, relative to the CSV's folder ('' when the activity has no file). */
  filename: string;
}

/**
 * Reads activities.csv. Strava repeats some column names (two "Distance", two "Elapsed
 * Time"…): the first one of each name wins. Returns null when the required columns are missing.
 */
export function readActivitiesCsv(text: string): ExportActivity[] | null {
  const rows = parseCsv(text);
  const header = rows[0];
  if (!header) return null;
  const col = (name: string) => header.findIndex((h) => h.trim().toLowerCase() === name.toLowerCase());
  const id = col('Activity ID');
  const type = col('Activity Type');
  const file = col('Filename');
  if (id < 0 || type < 0 || file < 0) return null;
  const date = col('Activity Date');
  const name = col('Activity Name');
  const description = col('Activity Description');
  const get = (r: string[], i: number) => (i >= 0 ? (r[i] ?? '').trim() : '');
  return rows
    .slice(1)
    .filter((r) => get(r, id) !== '')
    .map((r) => ({
      id: get(r, id),
      date: get(r, date),
      name: get(r, name),
      type: get(r, type),
      description: r[description]?.trim() ?? '',
      filename: get(r, file),
    }));
}

/** Strava's run types (display names in the CSV, API names too). */
export function isRunType(type: string): boolean {
  return /^(run|trail ?run|virtual ?run|treadmill( run)?)$/i.test(type.trim());
}

/** The contract's sport_type for a Strava type. */
export function sportTypeOf(type: string | null, indoor: boolean): 'Run' | 'TrailRun' | 'VirtualRun' | 'Treadmill' {
  const t = (type ?? '').replace(/\s+/g, '').toLowerCase();
  if (t === 'trailrun') return 'TrailRun';
  if (t === 'virtualrun') return 'VirtualRun';
  if (t.startsWith('treadmill') || indoor) return 'Treadmill';
  return 'Run';
}

/** A Strava activity id is a 64-bit decimal. */
export const isStravaId = (s: string) => /^[0-9]{1,20}$/.test(s);
