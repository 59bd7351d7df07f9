/**
 * A request's URL as the logs may keep it: the values of query parameters that carry secrets
 * (OAuth codes and states, tokens, signatures, keys, passwords) and path segments that are secrets
 * themselves (an iCal feed's or a webhook's random path) replaced by `[redacted]`; ids stay.
 */
const SECRET_PARAM = /token|code|state|secret|password|passwd|key|sig|auth|session|csrf/i;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** A random value: long, base64url or hex, with letters and digits both (a name or a number is not). */
const looksRandom = (segment: string) =>
  segment.length >= 20 && /^[A-Za-z0-9_-]+$/.test(segment) && /[0-9]/.test(segment) && /[A-Za-z]/.test(segment);

export function safeUrl(url: string): string {
  const q = url.indexOf('?');
  const path = q === -1 ? url : url.slice(0, q);
  const safePath = path
    .split('/')
    .map((segment) => {
      const dot = segment.lastIndexOf('.');
      const [stem, ext] = dot > 0 ? [segment.slice(0, dot), segment.slice(dot)] : [segment, ''];
      return !UUID.test(stem) && looksRandom(stem) ? `[redacted]${ext}` : segment;
    })
    .join('/');
  if (q === -1) return safePath;
  const params = url
    .slice(q + 1)
    .split('&')
    .map((pair) => {
      const eq = pair.indexOf('=');
      const name = eq === -1 ? pair : pair.slice(0, eq);
      return eq !== -1 && SECRET_PARAM.test(decodeURIComponentSafe(name)) ? `${name}=[redacted]` : pair;
    });
  return `${safePath}?${params.join('&')}`;
}

function decodeURIComponentSafe(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}
