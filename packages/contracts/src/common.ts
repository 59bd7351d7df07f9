import { Type, type Static } from '@sinclair/typebox';

export const Uuid = Type.String({ format: 'uuid', description: 'UUID' });
export const UserId = Type.String({ format: 'uuid', description: 'User id (UUID)' });
export const IsoDateTime = Type.String({ format: 'date-time', description: 'ISO-8601 instant in UTC, e.g. 2026-05-01T06:30:00Z' });
export const TimeZone = Type.String({
  minLength: 1, maxLength: 64, pattern: '^[A-Za-z_]+(?:/[A-Za-z0-9_+\\-]+)*$',
  description: 'IANA time zone, e.g. Europe/Paris', examples: ['Europe/Paris'],
});
export const Month = Type.String({ pattern: '^[0-9]{4}-(0[1-9]|1[0-2])$', description: 'Calendar month, YYYY-MM' });
export type Month = Static<typeof Month>;
