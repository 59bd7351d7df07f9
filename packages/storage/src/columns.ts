import type { ColumnDefinitionBuilder, CreateTableBuilder } from 'kysely';
import type { Dialect } from './database.ts';

/** An auto-incrementing integer primary key, spelled the way each dialect wants it. */
export function autoIncrementId<T extends string>(
  table: CreateTableBuilder<T, never>,
  dialect: Dialect,
  name = 'id',
): CreateTableBuilder<T, never> {
  if (dialect === 'postgres') return table.addColumn(name, 'bigserial', (c: ColumnDefinitionBuilder) => c.primaryKey());
  return table.addColumn(name, 'integer', (c: ColumnDefinitionBuilder) => c.primaryKey().autoIncrement());
}

/** Timestamps are stored as ISO-8601 UTC text: the same in both dialects and ordered lexically. */
export function nowIso(now: Date = new Date()): string {
  return now.toISOString();
}
