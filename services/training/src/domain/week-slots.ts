import { addDays, isoWeekday } from '@runnerly/fitness';

export type SlotRole = 'long' | 'q1' | 'q2' | 'easy' | 'recovery';

export interface Slot {
  role: SlotRole;
  /** Days after the long run (0 = the long-run day). */
  offset: number;
  /** Slot name inside the week, part of the session id. */
  name: string;
}

/**
 * Where a week's runs go, relative to the long run: quality two and four days after it, a recovery run the
 * day after when there are five days or more, easy runs filling the rest; never two hard days in a row,
 * and a rest day or an easy day before the long run.
 */
const TEMPLATES: Record<number, Array<[SlotRole, number]>> = {
  3: [
    ['long', 0],
    ['q1', 2],
    ['easy', 4],
  ],
  4: [
    ['long', 0],
    ['q1', 2],
    ['q2', 4],
    ['easy', 5],
  ],
  5: [
    ['long', 0],
    ['recovery', 1],
    ['q1', 2],
    ['q2', 4],
    ['easy', 5],
  ],
  6: [
    ['long', 0],
    ['recovery', 1],
    ['q1', 2],
    ['easy', 3],
    ['q2', 4],
    ['easy', 6],
  ],
  7: [
    ['long', 0],
    ['recovery', 1],
    ['q1', 2],
    ['easy', 3],
    ['q2', 4],
    ['easy', 5],
    ['easy', 6],
  ],
};

export function slotsFor(runDays: number): Slot[] {
  let easy = 0;
  return TEMPLATES[Math.min(7, Math.max(3, runDays))]!.map(([role, offset]) => ({
    role,
    offset,
    name: role === 'easy' ? `easy${++easy}` : role,
  }));
}

/** The date inside the week [weekStartDate, +6] that falls `offset` days after the long-run weekday. */
export function slotDate(weekStartDate: string, longRunDay: number, offset: number): string {
  const weekday = ((longRunDay - 1 + offset) % 7) + 1;
  return addDays(weekStartDate, (weekday - isoWeekday(weekStartDate) + 7) % 7);
}
