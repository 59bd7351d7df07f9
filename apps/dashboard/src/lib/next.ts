/**
 * Where to go after logging in: the `next` path asked for, when it is a path of this site
 * (`/runs/…?x#y`); anything else (another origin, `//host`, `/\host`, a `javascript:` URL,
 * the auth pages themselves) gives Home.
 */
export function safeNext(next: string | null | undefined, origin: string): string {
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return '/';
  let url: URL;
  try {
    url = new URL(next, origin);
  } catch {
    return '/';
  }
  if (url.origin !== origin) return '/';
  if (/^\/(login|signup|logout)\b/.test(url.pathname)) return '/';
  return url.pathname + url.search + url.hash;
}
