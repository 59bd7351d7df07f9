import { sql, type Kysely } from 'kysely';
import { recordDistances, type PersonalRecord, type RecordDistanceKey, type RunRanks } from '@runnerly/contracts';
import type { DataTables } from './tables.ts';

/** How many of the fastest efforts a record lists per distance. */
const PODIUM = 3;

/** How many efforts a user has per year and distance: one pass over the user's rows of one index. */
export async function effortCounts(
  db: Kysely<DataTables>,
  userId: string,
): Promise<Array<{ year: number; distance: string; count: number }>> {
  const rows = await db
    .selectFrom('run_efforts')
    .select((eb) => ['year', 'distance', eb.fn.countAll().as('count')])
    .where('user_id', '=', userId)
    .groupBy(['year', 'distance'])
    .execute();
  return rows.map((r) => ({ year: Number(r.year), distance: r.distance, count: Number(r.count) }));
}

/**
 * A user's fastest efforts per standard distance (all time, or in one year), each with its
 * run: one indexed read of a few rows per distance with efforts (`counts` tells which).
 */
export async function personalRecords(
  db: Kysely<DataTables>,
  userId: string,
  year: number | undefined,
  counts: ReadonlyArray<{ year: number; distance: string; count: number }>,
): Promise<PersonalRecord[]> {
  const countOf = new Map<string, number>();
  for (const c of counts)
    if (year === undefined || c.year === year) countOf.set(c.distance, (countOf.get(c.distance) ?? 0) + c.count);
  const out: PersonalRecord[] = [];
  for (const d of recordDistances) {
    const count = countOf.get(d.key) ?? 0;
    let efforts: PersonalRecord['efforts'] = [];
    if (count > 0) {
      let q = db
        .selectFrom('run_efforts as e')
        .innerJoin('runs as r', 'r.id', 'e.run_id')
        .select(['e.elapsed_time_s', 'e.run_id', 'r.name', 'r.start_time', 'r.timezone', 'e.year'])
        .where('e.user_id', '=', userId)
        .where('e.distance', '=', d.key);
      if (year !== undefined) q = q.where('e.year', '=', year);
      const rows = await q.orderBy('e.elapsed_time_s').orderBy('e.start_time').limit(PODIUM).execute();
      efforts = rows.map((r, i) => ({
        // Efforts of the same time share a rank.
        rank: i > 0 && r.elapsed_time_s === rows[i - 1]!.elapsed_time_s ? 0 : i + 1,
        elapsed_time_s: r.elapsed_time_s,
        run_id: r.run_id,
        run_name: r.name,
        start_time: r.start_time,
        timezone: r.timezone,
        year: Number(r.year),
      }));
      for (let i = 1; i < efforts.length; i++) if (efforts[i]!.rank === 0) efforts[i]!.rank = efforts[i - 1]!.rank;
    }
    out.push({ distance: d.key, name: d.name, distance_m: d.distance_m, count, efforts });
  }
  return out;
}

/** Where each of a run's efforts stands among the user's, all time and in its year. */
export async function runRanks(db: Kysely<DataTables>, run: { id: string }): Promise<RunRanks['efforts']> {
  const faster = (sameYear: boolean) =>
    sql<number>`(select count(*) from run_efforts o where o.user_id = e.user_id and o.distance = e.distance
      and o.elapsed_time_s < e.elapsed_time_s ${sameYear ? sql`and o.year = e.year` : sql``})`;
  const all = (sameYear: boolean) =>
    sql<number>`(select count(*) from run_efforts o where o.user_id = e.user_id and o.distance = e.distance
      ${sameYear ? sql`and o.year = e.year` : sql``})`;
  const rows = await db
    .selectFrom('run_efforts as e')
    .select([
      'e.distance',
      'e.elapsed_time_s',
      faster(false).as('faster'),
      all(false).as('of'),
      faster(true).as('year_faster'),
      all(true).as('year_of'),
    ])
    // By the primary key alone: with the user too, SQLite would walk all the user's efforts.
    .where('e.run_id', '=', run.id)
    .execute();
  const byKey = new Map(rows.map((r) => [r.distance as RecordDistanceKey, r]));
  return recordDistances.flatMap((d) => {
    const r = byKey.get(d.key);
    if (!r) return [];
    return [
      {
        distance: d.key,
        name: d.name,
        distance_m: d.distance_m,
        elapsed_time_s: r.elapsed_time_s,
        rank: Number(r.faster) + 1,
        of: Number(r.of),
        year_rank: Number(r.year_faster) + 1,
        year_of: Number(r.year_of),
      },
    ];
  });
}
