import ical from 'ical-generator';
import { addDays } from '@runnerly/fitness';
import type { Plan, PlannedSession } from './plan-types.ts';
import { fmtKm } from './build-week.ts';
import { paceText } from './workouts.ts';

export interface FeedOptions {
  /** The plan's id: event UIDs are `<planId>-<session id>@<domain>`, stable when a session moves. */
  planId: string;
  /** Calendar name shown by phone calendars, e.g. "Runnerly: Paris Marathon". */
  name: string;
  /** When the plan last changed (an instant): written as every event's DTSTAMP, so the feed is the same bytes until it changes. */
  updatedAt: string;
  /** Domain part of the UIDs. */
  domain?: string;
}

/**
 * The plan as an iCalendar feed (RFC 5545) that phone calendars can subscribe to: one all-day event per
 * session on its date in the runner's calendar (dates are floating, so they stay on the right day wherever the
 * phone is), the workout, target pace and the reason in the description.
 */
export function planFeed(plan: Plan, opts: FeedOptions): string {
  const cal = ical({
    name: opts.name,
    prodId: { company: 'Runnerly', product: 'Training plan', language: 'EN' },
    description: `Training plan toward your race on ${plan.request.raceDate}.`,
  });
  const stamp = new Date(opts.updatedAt);
  for (const s of plan.weeks.flatMap((w) => w.sessions)) {
    cal.createEvent({
      id: `${opts.planId}-${s.id}@${opts.domain ?? 'runnerly'}`,
      start: utcMidnight(s.date),
      end: utcMidnight(addDays(s.date, 1)),
      allDay: true,
      stamp,
      summary: s.title,
      description: describe(s),
    });
  }
  return cal.toString();
}

/** A calendar date as the Date ical-generator writes back as that date (it reads UTC fields when no zone is set). */
function utcMidnight(date: string): Date {
  return new Date(`${date}T00:00:00Z`);
}

function describe(s: PlannedSession): string {
  const pace =
    s.pace.fast === s.pace.slow ? paceText(s.pace.fast) : `${paceText(s.pace.fast)}–${paceText(s.pace.slow)}`;
  const minutes = Math.round(s.durationS / 60);
  return [
    `${fmtKm(s.distanceM / 1000)}, about ${minutes} min, target pace ${pace}.`,
    ...(s.structure ? [s.structure] : []),
    s.why,
  ].join('\n');
}
