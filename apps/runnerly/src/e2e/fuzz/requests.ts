// Requests for the fuzz test, built from one OpenAPI operation: valid, boundary and invalid
// parameters and bodies, malformed JSON, wrong content types, oversized and deeply nested
// bodies, and path tricks. What the request is meant to be is kept beside it (`kind`).
import {
  brokenObject,
  nastyStrings,
  nested,
  Random,
  valueFor,
  type Hints,
  type Mode,
  type Schema,
} from './generate.ts';

export interface Operation {
  service: string;
  method: string;
  /** The OpenAPI path template, e.g. `/runs/{runId}`. */
  path: string;
  spec: Schema;
}

export interface FuzzRequest {
  op: Operation;
  kind: string;
  method: string;
  /** Path and query, percent-encoded as sent. */
  url: string;
  headers: Record<string, string>;
  body?: string | Buffer;
  /** The path no longer names the operation's route (a path trick): any route, or none, may answer. */
  offRoute: boolean;
  /** Meant to be refused: every parameter or the body is broken on purpose. */
  malformed: boolean;
}

/** What the test knows exists: ids per path parameter name (userId: the runner's own first). */
export type Known = Record<string, string[]>;

const methods = ['get', 'post', 'put', 'patch', 'delete'];

/** The operations of an OpenAPI document (the kit's health, metrics and docs routes are not in it). */
export function operations(service: string, doc: Schema): Operation[] {
  const out: Operation[] = [];
  for (const [path, item] of Object.entries(doc.paths ?? {}))
    for (const [method, spec] of Object.entries(item as Schema))
      if (methods.includes(method)) out.push({ service, method: method.toUpperCase(), path, spec: spec as Schema });
  return out;
}

const kinds = [
  ['valid', 30],
  ['boundary', 10],
  ['invalid-params', 14],
  ['broken-body', 12],
  ['bad-json', 5],
  ['content-type', 6],
  ['nested', 3],
  ['oversized', 1],
  ['path-trick', 7],
  ['long-segment', 4],
  ['huge-url', 1],
  ['query-tricks', 8],
] as const;
const totalWeight = kinds.reduce((n, [, w]) => n + w, 0);

function pickKind(random: Random): string {
  let r = random.next() * totalWeight;
  for (const [kind, weight] of kinds) if ((r -= weight) < 0) return kind;
  return 'valid';
}

function bodyMedia(spec: Schema): [type: string, schema: Schema] | undefined {
  const content = spec.requestBody?.content as Record<string, { schema?: Schema }> | undefined;
  if (!content) return undefined;
  const type = Object.keys(content).find((t) => t === 'application/json') ?? Object.keys(content)[0];
  return type ? [type, content[type]!.schema ?? {}] : undefined;
}

function encodeBody(type: string, value: unknown): { body: string; contentType: string } {
  if (type === 'application/x-www-form-urlencoded' && value && typeof value === 'object') {
    const form = new URLSearchParams();
    for (const [k, v] of Object.entries(value)) form.set(k, typeof v === 'string' ? v : JSON.stringify(v));
    return { body: form.toString(), contentType: type };
  }
  return { body: JSON.stringify(value), contentType: 'application/json' };
}

/** Percent-encoded; a lone surrogate becomes its bytes as WTF-8 (not valid UTF-8: on purpose). */
function encodeSegment(value: string): string {
  let out = '';
  for (const ch of value) {
    const code = ch.codePointAt(0)!;
    if (code >= 0xd800 && code <= 0xdfff)
      out +=
        `%${(0xe0 | (code >> 12)).toString(16)}%${(0x80 | ((code >> 6) & 0x3f)).toString(16)}%${(0x80 | (code & 0x3f)).toString(16)}`.toUpperCase();
    else out += encodeURIComponent(ch);
  }
  return out;
}

/** One request for this operation, drawn from `random`. */
export function buildRequest(op: Operation, random: Random, known: Known, prefix = ''): FuzzRequest {
  const kind = pickKind(random);
  const mode: Mode = kind === 'boundary' ? 'boundary' : kind === 'invalid-params' ? 'invalid' : 'valid';
  const params = (op.spec.parameters ?? []) as Array<{ in: string; name: string; required?: boolean; schema?: Schema }>;
  let offRoute = false;
  let path = op.path.replace(/\{([^}]+)\}/g, (_, name: string) => {
    const schema = params.find((p) => p.in === 'path' && p.name === name)?.schema ?? { type: 'string' };
    const ids = known[name];
    let value: unknown;
    if (mode === 'invalid') value = valueFor(schema, random, 'invalid');
    else if (ids?.length && random.chance(0.85)) value = ids[random.chance(0.8) ? 0 : random.int(0, ids.length - 1)];
    else value = valueFor(schema, random, mode);
    return encodeSegment(typeof value === 'string' ? value : JSON.stringify(value));
  });
  if (kind === 'long-segment') {
    const segments = path.split('/');
    const i = random.int(1, segments.length - 1);
    segments[i] = random.pick(['z', '%41', '\u00e9']).repeat(random.int(256, 1200));
    path = segments.map((s, j) => (j === i ? encodeURI(s) : s)).join('/');
    // Longer than the router reads a parameter (100): another route (a wildcard) may answer, or none.
    offRoute = true;
  }
  if (kind === 'huge-url') {
    // Over Node's 16 KB of request line and headers: refused (431) before any route is chosen.
    path = `${path}/${'q'.repeat(random.int(17_000, 40_000))}`;
    offRoute = true;
  }
  if (kind === 'path-trick') {
    offRoute = true;
    const trick = random.pick([
      (p: string) => `${p}/`,
      (p: string) => `/${p}`,
      (p: string) => p.replace(/\/([^/]*)$/, '/%2e%2e/$1'),
      (p: string) => p.replace(/\/([^/]*)$/, '/..%2f$1'),
      (p: string) => `${p}%00`,
      (p: string) => `${p};x=1`,
      (p: string) => `${p}/%2e%2e/%2e%2e/%2e%2e/etc/passwd`,
      (p: string) => `/${p.slice(1).replace(/\//g, '%2f')}`,
      (p: string) => p.toUpperCase(),
      (p: string) => `${p}%`,
      (p: string) => `${p}#frag`,
      (p: string) => `${p}/${'%c0%ae'.repeat(3)}`,
    ]);
    path = trick(path);
  }
  const query = new URLSearchParams();
  let rawQuery = '';
  for (const p of params.filter((p) => p.in === 'query')) {
    if (!(p.required || random.chance(0.5)) && mode !== 'invalid') continue;
    const v = valueFor(p.schema, random, mode === 'invalid' && random.chance(0.7) ? 'invalid' : mode);
    query.append(p.name, typeof v === 'string' ? v : JSON.stringify(v));
  }
  if (kind === 'query-tricks') {
    const name = params.find((p) => p.in === 'query')?.name ?? 'q';
    rawQuery = random.pick([
      `${name}=1&${name}=2`,
      `${name}[]=1`,
      `${name}[a]=1`,
      `${name}=%00`,
      `${name}=%zz`,
      `${name}=${'9'.repeat(400)}`,
      `${name}=NaN`,
      `${name}=Infinity`,
      `${name}=1e400`,
      `${name}`,
      `__proto__[x]=1`,
      `constructor[prototype][x]=1`,
      `${name}=${encodeSegment(random.pick(nastyStrings))}`,
    ]);
  }
  const qs = [query.toString(), rawQuery].filter(Boolean).join('&');
  const headers: Record<string, string> = {};
  let body: string | Buffer | undefined;
  const media = bodyMedia(op.spec);
  const sendsBody = op.method !== 'GET';
  if (sendsBody && media) {
    const [type, schema] = media;
    let value: unknown;
    const hints: Hints = { user_id: known.userId?.slice(0, 1), race_id: known.raceId, run_id: known.runId };
    if (kind === 'broken-body') value = brokenObject(schema, random, hints);
    else if (kind === 'nested') value = nested(random.int(65, 2000));
    else value = valueFor(schema, random, mode === 'invalid' ? 'valid' : mode, 0, hints);
    if (type === 'multipart/form-data') {
      headers['content-type'] = `multipart/form-data; boundary=fuzz${random.int(0, 1e6)}`;
      body = `--broken\r\ncontent-disposition: form-data; name="file"; filename="a.gpx"\r\n\r\n<gpx/>\r\n`;
    } else {
      const encoded = encodeBody(type, value);
      headers['content-type'] = encoded.contentType;
      body = encoded.body;
    }
  } else if (sendsBody && random.chance(0.3)) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(valueFor({ type: 'object', properties: { x: { type: 'string' } } }, random, 'valid'));
  }
  if (sendsBody && kind === 'bad-json') {
    headers['content-type'] = 'application/json';
    body = random.pick(['{', '{"a":', '[1,2', 'nul', '{"a":1}}', '\u0000', '"\\ud800"', '{"__proto__":{"x":1}}', '']);
  }
  if (sendsBody && kind === 'content-type') {
    headers['content-type'] = random.pick([
      'text/plain',
      'application/xml',
      'multipart/form-data',
      'application/json; charset=utf-16',
      'application/x-www-form-urlencoded',
      'image/png',
      'application/json;;',
    ]);
    body = body ?? 'x';
  }
  if (sendsBody && kind === 'oversized') {
    headers['content-type'] = 'application/json';
    body = Buffer.from(JSON.stringify({ name: 'x'.repeat(random.int(1, 3) * 1024 * 1024) }));
  }
  // Refused for sure: something the operation reads is broken (not a part it does not read).
  const hasParams = params.some((p) => p.in === 'path' || (p.in === 'query' && p.schema?.type !== 'string'));
  const malformed =
    (kind === 'invalid-params' && hasParams) ||
    (sendsBody && !!media && ['broken-body', 'bad-json', 'nested', 'oversized', 'content-type'].includes(kind));
  return {
    op,
    kind,
    method: op.method,
    url: `${prefix}${path}${qs ? `?${qs}` : ''}`,
    headers,
    ...(body !== undefined ? { body } : {}),
    offRoute,
    malformed,
  };
}
