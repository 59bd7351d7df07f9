import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';
import { brokenObject, invalidValue, nested, Random, valueFor, type Schema } from './generate.ts';

const ajv = new Ajv({ strict: false });
addFormats.default(ajv);

const race: Schema = {
  type: 'object',
  additionalProperties: false,
  required: ['name', 'start_local', 'timezone', 'distance'],
  properties: {
    name: { type: 'string', minLength: 1, maxLength: 120 },
    start_local: { type: 'string', pattern: '^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}$' },
    timezone: { type: 'string', minLength: 1, maxLength: 64, pattern: '^[A-Za-z_]+(?:/[A-Za-z0-9_+\\-]+)*$' },
    distance: { type: 'string', enum: ['5k', '10k', 'half', 'marathon', 'custom'] },
    distance_m: { type: 'number', minimum: 0, maximum: 1000000 },
    laps: { type: 'integer', minimum: 1, maximum: 50 },
    user_id: { type: 'string', format: 'uuid' },
    when: { type: 'string', format: 'date-time' },
    tags: { type: 'array', maxItems: 3, items: { type: 'string', maxLength: 10 } },
    url: { type: 'string', nullable: true, maxLength: 500 },
    goal: {
      anyOf: [
        { type: 'object', required: ['kind'], properties: { kind: { type: 'string', enum: ['finish'] } } },
        {
          type: 'object',
          required: ['kind', 'target_s'],
          properties: { kind: { const: 'time' }, target_s: { type: 'integer', minimum: 60, maximum: 108000 } },
        },
      ],
    },
  },
};

describe('the fuzz generator', () => {
  it('replays the same values from the same seed, and others from another', () => {
    const draw = (seed: number) => {
      const random = new Random(seed);
      return Array.from({ length: 20 }, () => valueFor(race, random, 'valid'));
    };
    assert.deepEqual(draw(42), draw(42));
    assert.notDeepEqual(draw(42), draw(43));
  });

  it('draws numbers in [0, 1) and integers within their bounds', () => {
    const random = new Random(1);
    for (let i = 0; i < 1000; i++) {
      const x = random.next();
      assert.ok(x >= 0 && x < 1);
      const n = random.int(-3, 3);
      assert.ok(Number.isInteger(n) && n >= -3 && n <= 3);
    }
  });

  it('makes valid and boundary values the schema accepts (patterns, formats, enums, unions, nullable)', () => {
    const validate = ajv.compile(race);
    const random = new Random(7);
    for (const mode of ['valid', 'boundary'] as const)
      for (let i = 0; i < 200; i++) {
        const value = valueFor(race, random, mode);
        assert.ok(validate(value), `${mode} ${JSON.stringify(value)}: ${ajv.errorsText(validate.errors)}`);
      }
  });

  it('uses the values it is told exist for properties of that name', () => {
    const random = new Random(3);
    const ids = Array.from({ length: 50 }, () => valueFor(race, random, 'valid', 0, { user_id: ['me'] }));
    assert.ok(ids.filter((v) => (v as { user_id?: string }).user_id === 'me').length > 10);
  });

  it('makes invalid values and broken objects the schema refuses most of the time', () => {
    const validate = ajv.compile(race);
    const random = new Random(11);
    let refused = 0;
    for (let i = 0; i < 200; i++) if (!validate(brokenObject(race, random))) refused++;
    assert.ok(refused > 150, `only ${refused} of 200 broken objects were refused`);
    const limit = { type: 'integer', minimum: 1, maximum: 100 };
    const validLimit = ajv.compile(limit);
    let wrong = 0;
    for (let i = 0; i < 200; i++) if (!validLimit(invalidValue(limit, random))) wrong++;
    assert.ok(wrong > 150, `only ${wrong} of 200 invalid limits were refused`);
  });

  it('nests objects as deep as asked', () => {
    let depth = 0;
    for (let v = nested(70) as Record<string, unknown>; v.a; v = v.a as Record<string, unknown>) depth++;
    assert.equal(depth, 70);
  });
});
