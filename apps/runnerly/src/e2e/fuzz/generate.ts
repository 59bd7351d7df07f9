// Values for the fuzz test, from a JSON schema (as the OpenAPI documents hold them), drawn from
// a seeded generator so that a seed replays the same requests: valid values, boundary values
// (the limits the schema states) and invalid ones (wrong types, non-finite numbers, control
// characters, oversized strings).

export type Schema = Record<string, any>;

/** A small seeded generator (mulberry32): the same seed gives the same sequence. */
export class Random {
  private state: number;
  constructor(seed: number) {
    this.state = seed >>> 0;
  }
  /** A number in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  /** An integer in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)]!;
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
}

export type Mode = 'valid' | 'boundary' | 'invalid';

/** Values known to exist, by property name (`user_id`: the runner's id): valid values use them mostly. */
export type Hints = Record<string, readonly string[] | undefined>;

/** Strings that break naive code: control characters, encodings, non-finite numbers, odd unicode. */
export const nastyStrings = [
  '',
  ' ',
  'NaN',
  'Infinity',
  '-Infinity',
  '1e400',
  '-1e400',
  '0x10',
  '9'.repeat(40),
  '-0',
  'null',
  'true',
  '[]',
  '{}',
  '\u0000',
  'a\u0000b',
  '%00',
  '%',
  '%zz',
  '../../etc/passwd',
  '..%2f..%2f',
  '<script>alert(1)</script>',
  "' OR 1=1 --",
  '${jndi:ldap://x}',
  '\ud800',
  '😀🏃‍♀️',
  'Ǆ̶̡̛͍ͮ',
  '\u202e\u200b\ufeff',
  'x'.repeat(300),
];

const nastyNumbers = [
  0,
  -1,
  1.5,
  -0.0001,
  2 ** 31,
  2 ** 53,
  Number.MAX_SAFE_INTEGER + 2,
  1e308,
  -1e308,
  Number.MIN_VALUE,
];

/** Candidate strings for a `pattern` the schema names; the first that matches is used. */
function patternCandidates(random: Random): string[] {
  const pad = (n: number, w = 2) => String(n).padStart(w, '0');
  const y = random.int(2000, 2030);
  const m = pad(random.int(1, 12));
  const d = pad(random.int(1, 28));
  return [
    `${y}-${m}-${d}`,
    `${y}-${m}`,
    `${y}-${m}-${d}T${pad(random.int(0, 23))}:${pad(random.int(0, 59))}`,
    `${y}-${m}-${d}T${pad(random.int(0, 23))}:${pad(random.int(0, 59))}:00`,
    `${y}-${m}-${d}T${pad(random.int(0, 23))}:${pad(random.int(0, 59))}:00Z`,
    'Europe/Paris',
    uuid(random),
    randomWord(random, 12),
    `${randomWord(random, 6)}.ics`,
    String(random.int(1, 9999)),
  ];
}

function randomWord(random: Random, length: number): string {
  const letters = 'abcdefghijklmnopqrstuvwxyz0123456789';
  let s = '';
  for (let i = 0; i < length; i++) s += letters[random.int(0, letters.length - 1)];
  return s;
}

export function uuid(random: Random): string {
  const hex = () => random.int(0, 15).toString(16);
  const part = (n: number) => Array.from({ length: n }, hex).join('');
  return `${part(8)}-${part(4)}-4${part(3)}-${'89ab'[random.int(0, 3)]}${part(3)}-${part(12)}`;
}

function validString(schema: Schema, random: Random, mode: Mode): string {
  if (schema.format === 'uuid') return uuid(random);
  if (schema.format === 'date-time')
    return new Date(Date.UTC(2026, random.int(0, 11), random.int(1, 28))).toISOString();
  if (schema.format === 'date') return `2026-${String(random.int(1, 12)).padStart(2, '0')}-15`;
  if (schema.format === 'email') return `${randomWord(random, 8)}@example.com`;
  if (schema.format === 'uri') return `https://example.com/${randomWord(random, 6)}`;
  const min = schema.minLength ?? 0;
  const max = Math.min(schema.maxLength ?? 40, 2000);
  if (schema.pattern) {
    const re = new RegExp(schema.pattern, 'u');
    const found = patternCandidates(random).find((c) => re.test(c) && c.length >= min && c.length <= max);
    if (found) return found;
  }
  // A free-text field also gets the strings that break naive code (NUL, odd unicode), when they fit.
  if (!schema.pattern && mode === 'valid' && random.chance(0.25)) {
    const nasty = nastyStrings.filter((n) => n.length >= min && n.length <= max);
    if (nasty.length) return random.pick(nasty);
  }
  const length =
    mode === 'boundary' ? random.pick([min, max]) : random.int(Math.max(min, 1), Math.max(min, Math.min(max, 16)));
  return randomWord(random, length);
}

function validNumber(schema: Schema, random: Random, mode: Mode): number {
  const integer = schema.type === 'integer';
  const lo =
    schema.minimum ?? (schema.exclusiveMinimum !== undefined ? schema.exclusiveMinimum + (integer ? 1 : 0.001) : -1000);
  const hi =
    schema.maximum ?? (schema.exclusiveMaximum !== undefined ? schema.exclusiveMaximum - (integer ? 1 : 0.001) : 1000);
  if (mode === 'boundary') return random.pick([lo, hi]);
  const v = lo + random.next() * (hi - lo);
  return integer ? Math.round(v) : Math.round(v * 1000) / 1000;
}

/** A value that the schema accepts (valid), at its limits (boundary), or most likely refuses (invalid). */
export function valueFor(
  schema: Schema | undefined,
  random: Random,
  mode: Mode,
  depth = 0,
  hints: Hints = {},
): unknown {
  if (!schema || typeof schema !== 'object') return randomWord(random, 5);
  if (mode === 'invalid') return invalidValue(schema, random);
  if (schema.const !== undefined) return schema.const;
  if (schema.enum) return random.pick(schema.enum);
  const alternatives = schema.anyOf ?? schema.oneOf;
  if (alternatives) return valueFor(random.pick(alternatives), random, mode, depth, hints);
  if (schema.allOf) return valueFor(Object.assign({}, ...schema.allOf), random, mode, depth, hints);
  if (schema.nullable && random.chance(0.1)) return null;
  const type = Array.isArray(schema.type) ? random.pick(schema.type) : schema.type;
  switch (type) {
    case 'string':
      return validString(schema, random, mode);
    case 'integer':
    case 'number':
      return validNumber(schema, random, mode);
    case 'boolean':
      return random.chance(0.5);
    case 'null':
      return null;
    case 'array': {
      const min = schema.minItems ?? 0;
      const max = Math.min(schema.maxItems ?? 3, depth > 3 ? min : 3);
      const n = mode === 'boundary' ? min : random.int(min, Math.max(min, max));
      return Array.from({ length: n }, () => valueFor(schema.items, random, mode, depth + 1, hints));
    }
    default: {
      if (!schema.properties) return type === 'object' || depth > 3 ? {} : randomWord(random, 5);
      return objectFor(schema, random, mode, depth, hints);
    }
  }
}

function objectFor(schema: Schema, random: Random, mode: Mode, depth: number, hints: Hints): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const required = new Set<string>(schema.required ?? []);
  for (const [key, prop] of Object.entries(schema.properties ?? {})) {
    if (!required.has(key) && !random.chance(mode === 'boundary' ? 0.9 : 0.6)) continue;
    const known = hints[key];
    out[key] =
      known?.length && random.chance(0.9)
        ? random.pick(known)
        : valueFor(prop as Schema, random, mode, depth + 1, hints);
  }
  return out;
}

/** A value of the wrong kind for this schema, or one past its limits. */
export function invalidValue(schema: Schema, random: Random): unknown {
  const choices: Array<() => unknown> = [
    () => random.pick(nastyStrings),
    () => random.pick(nastyNumbers),
    () => random.chance(0.5),
    () => null,
    () => [random.pick(nastyStrings)],
    () => ({ [random.pick(nastyStrings)]: random.pick(nastyStrings) }),
  ];
  if (typeof schema.maxLength === 'number') choices.push(() => 'y'.repeat(schema.maxLength + 1));
  if (typeof schema.maximum === 'number')
    choices.push(
      () => schema.maximum + 1,
      () => schema.maximum * 1e6 + 1,
    );
  if (typeof schema.minimum === 'number') choices.push(() => schema.minimum - 1);
  if (typeof schema.maxItems === 'number') choices.push(() => Array.from({ length: schema.maxItems + 1 }, () => 1));
  return random.pick(choices)();
}

/** An object nested `depth` levels deep. */
export function nested(depth: number): unknown {
  let v: unknown = { leaf: 1 };
  for (let i = 0; i < depth; i++) v = { a: v };
  return v;
}

/** A body with one field broken: a wrong value, a missing required field, or an unknown field. */
export function brokenObject(schema: Schema, random: Random, hints: Hints = {}): unknown {
  const body = valueFor(schema, random, 'valid', 0, hints);
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return invalidValue(schema, random);
  const record = body as Record<string, unknown>;
  const keys = Object.keys(schema.properties ?? {});
  const kind = random.int(0, 2);
  const key = keys.length ? random.pick(keys) : undefined;
  if (kind === 0 && key) record[key] = invalidValue(schema.properties[key], random);
  else if (kind === 1 && schema.required?.length) delete record[random.pick(schema.required as string[])];
  else record[`extra_${randomWord(random, 4)}`] = random.pick(nastyStrings);
  return record;
}
