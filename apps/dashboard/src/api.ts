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

let changed: (method: string, path: string) => void = () => {};
/** Called after every change that succeeded (the data layer marks what it cached as stale). */
export function afterChange(fn: (method: string, path: string) => void): void {
  changed = fn;
}

export async function api<T = unknown>(method: string, path: string, body?: unknown, signal?: AbortSignal): Promise<T> {
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
      signal,
    });
  } catch (err) {
    if (signal?.aborted) throw err;
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
  if (method !== 'GET') changed(method, path);
  return json as T;
}

// The shapes of what the services answer: from the contracts that validate the routes.
export type {
  Gear,
  ImportFile,
  ImportFileStatus,
  ImportJob,
  ImportJobSummary,
  MonthRuns,
  PersonalRecord,
  Run as RunDetail,
  RunRanks,
  RunList,
  RunSearch,
  RunSummary as Run,
  RunTotals,
  Totals,
  TotalsBucket,
  UserRecords,
  SessionUser as User,
  Split,
  StravaStatus,
} from '@runnerly/contracts';

export interface MailMessage {
  id: string;
  to: string;
  from: string;
  subject: string;
  date: string;
  text: string;
  links: Array<{ url: string; appPath: string | null }>;
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
