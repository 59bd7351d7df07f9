import { Type, type SchemaOptions, type Static, type TSchema } from '@sinclair/typebox';

/**
 * `T` or null, written as OpenAPI's `nullable: true` rather than `anyOf: [T, null]`: the
 * response serializer picks an `anyOf` branch by running a validator on every value, which
 * made list responses several times slower.
 */
export const Nullable = <T extends TSchema>(schema: T, options: SchemaOptions = {}) =>
  Type.Unsafe<Static<T> | null>({ ...schema, ...options, nullable: true });

/** One of a few strings, as a plain `enum` (same reason as Nullable). */
export const StringEnum = <const V extends readonly string[]>(values: V, options: SchemaOptions = {}) =>
  Type.Unsafe<V[number]>({ type: 'string', enum: [...values], ...options });

export const Uuid = Type.String({ format: 'uuid', description: 'UUID' });
export const UserId = Type.String({ format: 'uuid', description: 'User id (UUID)' });
export const IsoDateTime = Type.String({
  format: 'date-time',
  description: 'ISO-8601 instant in UTC, e.g. 2026-05-01T06:30:00Z',
});
export const TimeZone = Type.String({
  minLength: 1,
  maxLength: 64,
  pattern: '^[A-Za-z_]+(?:/[A-Za-z0-9_+\\-]+)*$',
  description: 'IANA time zone, e.g. Europe/Paris',
  examples: ['Europe/Paris'],
});
export const Month = Type.String({ pattern: '^[0-9]{4}-(0[1-9]|1[0-2])$', description: 'Calendar month, YYYY-MM' });
export type Month = Static<typeof Month>;
