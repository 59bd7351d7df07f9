import { Type, type Static } from '@sinclair/typebox';
import { IsoDateTime, Nullable, StringEnum, UserId, Uuid } from './common.ts';

export const GearSource = StringEnum(['manual', 'strava'], { description: 'Added by the runner, or imported' });

const gearName = Type.String({ minLength: 1, maxLength: 100, description: 'e.g. "Blue racers"' });
const brandModel = (what: string) => Nullable(Type.String({ minLength: 1, maxLength: 100 }), { description: what });

/** A runner's pair of shoes, with the distance of the runs that use it (summed by the Data Service). */
export const Gear = Type.Object({
  id: Uuid,
  user_id: UserId,
  name: gearName,
  brand: brandModel('Brand, e.g. Saucony'),
  model: brandModel('Model, e.g. Endorphin Speed 4'),
  retired: Type.Boolean({ description: 'No longer worn: kept for its history, left out of the choices' }),
  source: GearSource,
  strava_gear_id: Nullable(Type.String({ maxLength: 40 }), { description: 'Strava gear id (e.g. g12345)' }),
  distance_m: Type.Number({ minimum: 0, description: 'Metres: the sum of the runs that use these shoes' }),
  run_count: Type.Integer({ minimum: 0 }),
  created_at: IsoDateTime,
  updated_at: IsoDateTime,
});
export type Gear = Static<typeof Gear>;

export const GearList = Type.Object({ gear: Type.Array(Gear) });
export type GearList = Static<typeof GearList>;

export const GearCreate = Type.Object(
  {
    name: gearName,
    brand: Type.Optional(brandModel('Brand')),
    model: Type.Optional(brandModel('Model')),
    retired: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
export type GearCreate = Static<typeof GearCreate>;

export const GearPatch = Type.Object(
  {
    name: Type.Optional(gearName),
    brand: Type.Optional(brandModel('Brand')),
    model: Type.Optional(brandModel('Model')),
    retired: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type GearPatch = Static<typeof GearPatch>;

/**
 * The runner's shoes as Strava lists them (`GET /athlete`'s `shoes`, or a detailed activity's
 * `gear`): a known pair still under its placeholder name (`Strava shoes <id>`, from a summary)
 * takes Strava's name; a name the runner gave stays; nothing is added.
 */
export const StravaShoes = Type.Object(
  {
    shoes: Type.Array(
      Type.Object(
        {
          strava_gear_id: Type.String({ minLength: 1, maxLength: 40, pattern: '^[A-Za-z0-9_\\-]+$' }),
          name: gearName,
          retired: Type.Optional(Type.Boolean()),
        },
        { additionalProperties: false },
      ),
      { maxItems: 200 },
    ),
  },
  { additionalProperties: false },
);
export type StravaShoes = Static<typeof StravaShoes>;
