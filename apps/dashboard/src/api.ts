/** Calls to the gateway: same origin, session cookie, CSRF header on every change. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    /** The rest of the error body (e.g. `race_id` of the race already there). */
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

function csrfToken(): string {
  const m = document.cookie.match(/(?:^|;\s*)runnerly_csrf=([^;]+)/);
  return m ? decodeURIComponent(m[1]!) : '';
}

export async function api<T = unknown>(method: string, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (method !== 'GET') headers['x-csrf-token'] = csrfToken();
  if (body !== undefined) headers['content-type'] = 'application/json';
  let res: Response;
  try {
    res = await fetch(path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      credentials: 'same-origin',
    });
  } catch {
    throw new ApiError(0, 'network', 'Runnerly cannot be reached. Check your connection and try again.');
  }
  const text = await res.text();
  let json: unknown = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    /* not JSON */
  }
  if (!res.ok) {
    const { code, message, ...extra } = (json ?? {}) as { code?: string; message?: string };
    throw new ApiError(res.status, code ?? 'error', message ?? `The server answered ${res.status}.`, extra);
  }
  return json as T;
}

export interface User {
  id: string;
  email: string;
  name: string | null;
}
export interface Run {
  id: string;
  user_id: string;
  source: string;
  source_id: string;
  name: string;
  sport_type: string;
  start_time: string;
  timezone: string;
  distance_m: number;
  moving_time_s: number;
  elapsed_time_s: number;
  elevation_gain_m: number | null;
  average_heartrate: number | null;
  max_heartrate: number | null;
  average_cadence?: number | null;
  summary_polyline?: string | null;
}
export interface Split {
  index: number;
  distance_m: number;
  elapsed_time_s: number;
  moving_time_s: number;
  elevation_difference_m?: number | null;
  average_heartrate?: number | null;
}
export interface RunDetail extends Run {
  description: string | null;
  device: string | null;
  strava_activity_id: string | null;
  splits_km: Split[] | null;
  splits_mi: Split[] | null;
  best_efforts: Array<{ name: string; distance_m: number; elapsed_time_s: number }> | null;
  has_streams: boolean;
  sources: Array<{ source: string; source_id: string }>;
}
export interface RunList {
  runs: Run[];
  next_before: string | null;
}
export interface MonthRuns {
  month: string;
  timezone: string;
  runs: Run[];
  totals: { count: number; distance_m: number; moving_time_s: number; elevation_gain_m: number };
}
export interface MailMessage {
  id: string;
  to: string;
  from: string;
  subject: string;
  date: string;
  text: string;
  links: Array<{ url: string; appPath: string | null }>;
}

export type StravaState = 'syncing' | 'idle' | 'needs_reauth' | 'unlinked';
export interface StravaStatus {
  linked: boolean;
  athlete: { id: string; firstname: string | null; lastname: string | null; profile: string | null } | null;
  state: StravaState;
  scope: string | null;
  imported: number;
  total_estimate: number | null;
  pages_done: number;
  backfill_done: boolean;
  last_sync_at: string | null;
  eta_seconds: number | null;
  error: { code: string; message: string } | null;
}

export type ImportFileStatus = 'pending' | 'added' | 'duplicate' | 'failed' | 'skipped';
export interface ImportFile {
  name: string;
  status: ImportFileStatus;
  run_id?: string;
  strava_activity_id?: string;
  error?: { code: string; message: string };
}
export interface ImportJobSummary {
  job_id: string;
  status: 'queued' | 'running' | 'done' | 'failed';
  total: number;
  done: number;
  failed: number;
  skipped: number;
  added: number;
  duplicates: number;
  created_at: string;
  finished_at: string | null;
}
export interface ImportJob extends ImportJobSummary {
  files: ImportFile[];
}

/**
 * A multipart upload with progress (fetch has no upload progress events): resolves with the
 * accepted job, rejects with an ApiError. `onProgress` gets the bytes sent so far.
 */
export function uploadFiles(
  userId: string,
  files: File[],
  onProgress: (loaded: number, total: number) => void,
): Promise<{ job_id: string; status: string; total: number }> {
  return new Promise((resolve, reject) => {
    const form = new FormData();
    for (const f of files) form.append('file', f, f.name);
    const xhr = new XMLHttpRequest();
    xhr.open('POST', `/api/imports/users/${encodeURIComponent(userId)}/imports`);
    xhr.setRequestHeader('x-csrf-token', csrfToken());
    xhr.setRequestHeader('accept', 'application/json');
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) onProgress(e.loaded, e.total);
    };
    xhr.onerror = () =>
      reject(new ApiError(0, 'network', 'The upload was interrupted. Check your connection and try again.'));
    xhr.ontimeout = () => reject(new ApiError(0, 'timeout', 'The upload took too long. Try fewer files at a time.'));
    xhr.onload = () => {
      let json: { code?: string; message?: string; job_id?: string; status?: string; total?: number } = {};
      try {
        json = xhr.responseText ? JSON.parse(xhr.responseText) : {};
      } catch {
        /* not JSON */
      }
      if (xhr.status >= 200 && xhr.status < 300 && json.job_id)
        resolve(json as { job_id: string; status: string; total: number });
      else reject(new ApiError(xhr.status, json.code ?? 'error', json.message ?? `The server answered ${xhr.status}.`));
    };
    xhr.send(form);
  });
}
