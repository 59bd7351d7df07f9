import type { Phase, SessionType } from './plan-types.ts';
import type { RaceProfile } from './race-profile.ts';

export interface ReasonContext {
  type: SessionType;
  phase: Phase;
  cutback: boolean;
  race: RaceProfile;
  isRaceWeek: boolean;
  /** Kilometres at marathon pace inside a long run. */
  marathonPaceKm?: number;
  /** Weeks until the race-specific block starts, in a maintenance week. */
  weeksToBlock?: number;
  /** Race-day pacing sentence part. */
  racePace?: string;
}

/** One sentence saying why a session is in the plan. */
export function whyFor(c: ReasonContext): string {
  const race = c.race.label;
  switch (c.type) {
    case 'race':
      return `Race day for your ${race}: settle into ${c.racePace} early and let the taper carry you to the finish.`;
    case 'long':
      if (c.marathonPaceKm) {
        return `Finishing the long run with ${c.marathonPaceKm} km at marathon pace rehearses race rhythm and fuelling on tired legs.`;
      }
      if (c.phase === 'taper')
        return `A shorter long run keeps your endurance ticking over while the taper lets fatigue drain away.`;
      if (c.cutback)
        return `A shorter long run in this lighter week lets your body absorb the weeks of training before it.`;
      if (c.phase === 'maintenance')
        return `A steady long run holds the endurance you have until the ${race} block begins.`;
      return `The long run builds the endurance your ${race} needs, a little more each loading week; keep it conversational.`;
    case 'tempo':
      if (c.phase === 'maintenance')
        return `One comfortably hard tempo a week keeps your threshold from fading while volume holds steady.`;
      if (c.phase === 'taper')
        return `A short tempo keeps you sharp at threshold without adding fatigue before race day.`;
      return `Threshold running raises the pace you can hold for a long time, the backbone of ${race} fitness.`;
    case 'intervals':
      if (c.phase === 'taper')
        return `A few intervals at I pace keep your top aerobic gear sharp while total volume drops.`;
      return `Intervals at I pace push your VO2max up, the engine behind a faster ${race}.`;
    case 'repetitions':
      return `Short fast repetitions with full recoveries sharpen speed and running economy without much fatigue.`;
    case 'recovery':
      return `A short, very easy run the day after the long run speeds recovery more than it adds load.`;
    case 'easy':
      if (c.isRaceWeek)
        return `An easy run in race week keeps the legs turning over while they freshen up for the race.`;
      if (c.phase === 'taper')
        return `Easy running during the taper keeps your rhythm while the lower volume lets you recover.`;
      if (c.cutback)
        return `This lighter week's easy running lets the last weeks' training sink in before the next step up.`;
      if (c.phase === 'maintenance') {
        return `Easy running holds your current fitness until the ${race} block starts in ${c.weeksToBlock} week${c.weeksToBlock === 1 ? '' : 's'}.`;
      }
      if (c.phase === 'base') return `Easy kilometres build the aerobic base and get your legs used to running often.`;
      return `Easy running between the hard days keeps the volume up while you recover from them.`;
  }
}
