import { QueryClient, useQuery, type UseQueryOptions } from '@tanstack/react-query';
import { afterChange, api, ApiError } from './api.ts';

/**
 * The one data layer: every GET the pages make goes through this cache, keyed by its path, so
 * two parts of a page asking for the same thing make one call, and a page seen again is shown
 * at once (and checked again in the background when stale).
 */
export const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      // Long enough for the parts of one page to share a call, short enough to ask again on the next page.
      staleTime: 5_000,
      refetchOnWindowFocus: false,
      // A 4xx will not change by asking again; a network error or a 5xx may.
      retry: (count, err) => count < 2 && !(err instanceof ApiError && err.status >= 400 && err.status < 500),
    },
  },
});

// A change (a run added, renamed, deleted, a profile saved…): what is cached is asked for again when shown.
// Signing in or out and deleting the account replace the session instead (see session.tsx).
afterChange((method, path) => {
  if (path.startsWith('/api/auth/') || (method === 'DELETE' && path === '/api/me')) return;
  void queryClient.invalidateQueries({ predicate: (q) => q.queryKey.join('/') !== 'api/session' });
});

/** A GET through the cache: the path is the key (plus the first part of the path, to invalidate a family). */
export function useGet<T>(
  path: string | null,
  options: Omit<UseQueryOptions<T, ApiError>, 'queryKey' | 'queryFn'> = {},
) {
  return useQuery<T, ApiError>({
    queryKey: keyOf(path ?? ''),
    queryFn: ({ signal }) => api<T>('GET', path!, undefined, signal),
    enabled: path !== null && options.enabled !== false,
    ...options,
  });
}

/** What `useQueries` needs for several GETs at once, keyed as `useGet` keys them (they share the cache). */
export function getQuery<T>(path: string) {
  return {
    queryKey: keyOf(path),
    queryFn: ({ signal }: { signal: AbortSignal }) => api<T>('GET', path, undefined, signal),
  };
}

/** `/api/me/runs?limit=10` → ['api', 'me', 'runs', '?limit=10']: invalidate ['api','me','runs'] for all pages of runs. */
function keyOf(path: string): string[] {
  const q = path.indexOf('?');
  const parts = (q === -1 ? path : path.slice(0, q)).split('/').filter(Boolean);
  return q === -1 ? parts : [...parts, path.slice(q)];
}
