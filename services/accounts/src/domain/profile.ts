import type { Profile, ProfilePatch, AccountUser } from '@runnerly/contracts';
import { isValidTimeZone } from '@runnerly/calendar';
import type { UserRow } from '../tables.ts';

export type ProfileChanges = Partial<
  Pick<
    UserRow,
    | 'name'
    | 'birth_year'
    | 'sex'
    | 'weight_kg'
    | 'max_hr'
    | 'rest_hr'
    | 'units'
    | 'time_zone'
    | 'first_day_of_week'
    | 'email_monthly_report'
  >
>;

/** The columns a patch changes, or the problems that forbid it. */
export function applyPatch(
  current: UserRow,
  patch: ProfilePatch,
  now: Date,
): { changes: ProfileChanges } | { problems: string[] } {
  const problems: string[] = [];
  const changes: ProfileChanges = {};
  if (patch.age !== undefined && patch.birth_year !== undefined) problems.push('send birth_year or age, not both');
  if (patch.time_zone !== undefined && !isValidTimeZone(patch.time_zone))
    problems.push(`time_zone: unknown time zone "${patch.time_zone}"`);
  if (patch.name !== undefined) changes.name = patch.name === null ? null : patch.name.trim() || null;
  if (patch.birth_year !== undefined) changes.birth_year = patch.birth_year;
  if (patch.age !== undefined) changes.birth_year = now.getUTCFullYear() - patch.age;
  if (patch.sex !== undefined) changes.sex = patch.sex;
  if (patch.weight_kg !== undefined) changes.weight_kg = patch.weight_kg;
  if (patch.max_hr !== undefined) changes.max_hr = patch.max_hr;
  if (patch.rest_hr !== undefined) changes.rest_hr = patch.rest_hr;
  if (patch.units !== undefined) changes.units = patch.units;
  if (patch.time_zone !== undefined) changes.time_zone = patch.time_zone;
  if (patch.first_day_of_week !== undefined) changes.first_day_of_week = patch.first_day_of_week;
  if (patch.email_preferences?.monthly_report !== undefined)
    changes.email_monthly_report = patch.email_preferences.monthly_report ? 1 : 0;
  const maxHr = changes.max_hr !== undefined ? changes.max_hr : current.max_hr;
  const restHr = changes.rest_hr !== undefined ? changes.rest_hr : current.rest_hr;
  if (maxHr !== null && restHr !== null && restHr >= maxHr) problems.push('rest_hr must be lower than max_hr');
  return problems.length ? { problems } : { changes };
}

export function toProfile(row: UserRow, now: Date = new Date()): Profile {
  const birthYear = row.birth_year === null ? null : Number(row.birth_year);
  return {
    user_id: row.id,
    email: row.email,
    name: row.name,
    birth_year: birthYear,
    age: birthYear === null ? null : now.getUTCFullYear() - birthYear,
    sex: row.sex as Profile['sex'],
    weight_kg: row.weight_kg === null ? null : Number(row.weight_kg),
    max_hr: row.max_hr === null ? null : Number(row.max_hr),
    rest_hr: row.rest_hr === null ? null : Number(row.rest_hr),
    units: row.units as Profile['units'],
    time_zone: row.time_zone,
    first_day_of_week: row.first_day_of_week as Profile['first_day_of_week'],
    email_preferences: { monthly_report: Number(row.email_monthly_report) === 1 },
    created_at: row.created_at,
    activated_at: row.activated_at,
    updated_at: row.updated_at,
  };
}

export function toAccountUser(row: UserRow): AccountUser {
  return { id: row.id, email: row.email, name: row.name, created_at: row.created_at, activated_at: row.activated_at };
}
