import { randomUUID } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import type { Gear, GearCreate, GearPatch, StravaShoes } from '@runnerly/contracts';
import type { DataTables, GearRow } from './tables.ts';
import { announceChange } from './store.ts';

type GearWithSums = GearRow & { distance_m: number | string | null; run_count: number | string | bigint };

function fromRow(row: GearWithSums): Gear {
  return {
    id: row.id,
    user_id: row.user_id,
    name: row.name,
    brand: row.brand,
    model: row.model,
    retired: Number(row.retired) === 1,
    source: row.source as Gear['source'],
    strava_gear_id: row.strava_gear_id,
    distance_m: Math.round(Number(row.distance_m ?? 0) * 10) / 10,
    run_count: Number(row.run_count),
    created_at: row.created_at,
    updated_at: row.updated_at,
  };
}

/** The user's shoes with the distance and count of the runs that use each, summed in SQL at read time. */
function withSums(db: Kysely<DataTables>, userId: string) {
  return db
    .selectFrom('gear')
    .leftJoin('runs', (j) => j.onRef('runs.gear_id', '=', 'gear.id').onRef('runs.user_id', '=', 'gear.user_id'))
    .selectAll('gear')
    .select((eb) => [
      eb.fn.coalesce(eb.fn.sum<number>('runs.distance_m'), sql<number>`0`).as('distance_m'),
      eb.fn.count<number>('runs.id').as('run_count'),
    ])
    .where('gear.user_id', '=', userId)
    .groupBy('gear.id');
}

export async function listGear(db: Kysely<DataTables>, userId: string): Promise<Gear[]> {
  const rows = await withSums(db, userId)
    .orderBy('gear.retired')
    .orderBy('gear.created_at')
    .orderBy('gear.id')
    .execute();
  return rows.map((r) => fromRow(r as GearWithSums));
}

/** One pair of the user's shoes (undefined when there is none of theirs by that id). */
export async function findGear(db: Kysely<DataTables>, userId: string, gearId: string): Promise<Gear | undefined> {
  const row = await withSums(db, userId).where('gear.id', '=', gearId).executeTakeFirst();
  return row && fromRow(row as GearWithSums);
}

export async function addGear(
  db: Kysely<DataTables>,
  userId: string,
  input: GearCreate,
  from: { source: 'manual' | 'strava'; strava_gear_id: string | null } = { source: 'manual', strava_gear_id: null },
): Promise<Gear> {
  const now = new Date().toISOString();
  const row: GearRow = {
    id: randomUUID(),
    user_id: userId,
    name: input.name.trim(),
    brand: input.brand?.trim() || null,
    model: input.model?.trim() || null,
    retired: input.retired ? 1 : 0,
    source: from.source,
    strava_gear_id: from.strava_gear_id,
    created_at: now,
    updated_at: now,
  };
  await db.insertInto('gear').values(row).execute();
  return (await findGear(db, userId, row.id))!;
}

export async function updateGear(
  db: Kysely<DataTables>,
  userId: string,
  gearId: string,
  patch: GearPatch,
): Promise<Gear | undefined> {
  const changes: Partial<GearRow> = { updated_at: new Date().toISOString() };
  if (patch.name !== undefined) changes.name = patch.name.trim();
  if (patch.brand !== undefined) changes.brand = patch.brand?.trim() || null;
  if (patch.model !== undefined) changes.model = patch.model?.trim() || null;
  if (patch.retired !== undefined) changes.retired = patch.retired ? 1 : 0;
  const res = await db
    .updateTable('gear')
    .set(changes)
    .where('id', '=', gearId)
    .where('user_id', '=', userId)
    .executeTakeFirst();
  if (Number(res.numUpdatedRows) === 0) return undefined;
  return findGear(db, userId, gearId);
}

/** Removes the shoes; the runs that used them keep their data and name no shoes. False when none. */
export async function deleteGear(db: Kysely<DataTables>, userId: string, gearId: string): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const res = await trx.deleteFrom('gear').where('id', '=', gearId).where('user_id', '=', userId).executeTakeFirst();
    if (Number(res.numDeletedRows) === 0) return false;
    await trx
      .updateTable('runs')
      .set({ gear_id: null, updated_at: new Date().toISOString() })
      .where('user_id', '=', userId)
      .where('gear_id', '=', gearId)
      .execute();
    await announceChange(trx, userId);
    return true;
  });
}

/** Whether these shoes are the user's (a run may only name its runner's own). */
export async function ownsGear(db: Kysely<DataTables>, userId: string, gearId: string): Promise<boolean> {
  const row = await db
    .selectFrom('gear')
    .select('id')
    .where('id', '=', gearId)
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return !!row;
}

/** Strava's placeholder for a pair known by its id alone (a summary names no shoes). */
export const stravaPlaceholder = (stravaGearId: string) => `Strava shoes ${stravaGearId}`;

/**
 * The runner's shoes as Strava lists them: a known pair (added by a run that names it) still
 * under its placeholder name takes Strava's, and one Strava retired is retired. A pair the
 * runner named keeps its name; pairs no run named (or the runner removed) are not added.
 */
export async function syncStravaShoes(db: Kysely<DataTables>, userId: string, input: StravaShoes): Promise<Gear[]> {
  const now = new Date().toISOString();
  await db.transaction().execute(async (trx) => {
    for (const shoe of input.shoes) {
      const name = shoe.name.trim();
      const known = await trx
        .selectFrom('gear')
        .select(['id', 'name'])
        .where('user_id', '=', userId)
        .where('strava_gear_id', '=', shoe.strava_gear_id)
        .executeTakeFirst();
      if (!known) continue;
      const changes: Partial<GearRow> = {};
      if (name && known.name === stravaPlaceholder(shoe.strava_gear_id) && name !== known.name) changes.name = name;
      if (shoe.retired) changes.retired = 1;
      if (Object.keys(changes).length)
        await trx
          .updateTable('gear')
          .set({ ...changes, updated_at: now })
          .where('id', '=', known.id)
          .execute();
    }
  });
  return listGear(db, userId);
}
