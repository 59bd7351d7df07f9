import { useState } from 'react';
import { useSearchParams } from 'react-router';
import type { DataExport as Export, DataExportList } from '@runnerly/contracts';
import { api, ApiError } from '../api.ts';
import { useGet } from '../query.ts';
import { Notice } from '../ui.tsx';

const mb = (bytes: number) => `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
const day = (iso: string) =>
  new Date(iso).toLocaleDateString(undefined, { day: 'numeric', month: 'long', year: 'numeric' });

/**
 * The complete export on the Account page: asked for here, built in the background (its
 * progress, runs done of total, polled while it builds), then a download link until it expires.
 * The mail's link opens this page with `?export=<id>`.
 */
export function DataExport() {
  const [params] = useSearchParams();
  const [error, setError] = useState<string | null>(null);
  const [asking, setAsking] = useState(false);
  const list = useGet<DataExportList>('/api/me/exports', {
    refetchInterval: (q) =>
      q.state.data?.exports.some((e) => e.status === 'queued' || e.status === 'running') ? 1000 : false,
  });
  const exports = list.data?.exports ?? [];
  const wanted = params.get('export');
  const latest: Export | undefined = exports.find((e) => e.export_id === wanted) ?? exports[0];
  const building = latest && (latest.status === 'queued' || latest.status === 'running');

  async function ask() {
    setAsking(true);
    setError(null);
    try {
      await api('POST', '/api/me/exports');
      await list.refetch();
    } catch (err) {
      setError(err instanceof ApiError ? err.message : 'The export could not be asked for. Try again.');
    } finally {
      setAsking(false);
    }
  }

  return (
    <div className="data-export" aria-live="polite">
      <p>
        The complete export is a ZIP: your account and settings (<code>runner.json</code>), every run in full (streams,
        splits, best efforts), the files you imported as they were, and a GPX of each run with a route and no file. It
        is built in the background; we mail you when it is ready.
      </p>
      {error && <Notice kind="error">{error}</Notice>}
      {building && (
        <div className="export-progress">
          <p>Preparing your export… {latest.total ? `${latest.done} of ${latest.total} runs` : 'counting your runs'}</p>
          <progress
            className="bar-progress"
            max={latest.total || 1}
            value={latest.total ? latest.done : undefined}
            aria-label="Export progress"
          />
        </div>
      )}
      {latest?.status === 'ready' && (
        <p className="export-ready">
          <a className="button" href={`/api/me/exports/${encodeURIComponent(latest.export_id)}/zip`} download>
            Download the ZIP{latest.size !== null ? ` (${mb(latest.size)})` : ''}
          </a>{' '}
          <span className="meta">
            {latest.done} runs · until {latest.expires_at ? day(latest.expires_at) : 'next week'}, then deleted
          </span>
        </p>
      )}
      {latest?.status === 'expired' && <p className="meta">Your last export has expired and was deleted.</p>}
      {latest?.status === 'failed' && <Notice kind="error">{latest.error ?? 'The export failed.'}</Notice>}
      {!building && (
        <button type="button" className="secondary" disabled={asking} onClick={() => void ask()}>
          {latest?.status === 'ready' ? 'Prepare a new complete export' : 'Prepare a complete export (ZIP)'}
        </button>
      )}
    </div>
  );
}
