/** What the fitness functions read from a runner's profile (the accounts service's field names). */
export interface RunnerProfile {
  age: number | null;
  sex: 'female' | 'male' | 'other' | null;
  max_hr: number | null;
  rest_hr: number | null;
}

export interface HeartRateBounds {
  max: number;
  rest: number;
  /** Which of the two were not in the profile and were estimated instead. */
  estimated: Array<'max_hr' | 'rest_hr'>;
  /** How they were found, for the runner to read. */
  notes: string[];
}

/** Used when the profile has no age either. */
const ASSUMED_AGE = 40;
/** A resting heart rate typical of adults who exercise a little; only used when the profile has none. */
const ASSUMED_REST_HR = 65;

/**
 * Max HR estimated from age: Gulati et al. 2010 (206 − 0.88 × age) for women, Tanaka et al. 2001
 * (208 − 0.7 × age) otherwise.
 */
export function estimatedMaxHr(age: number | null, sex: RunnerProfile['sex']): number {
  const a = age ?? ASSUMED_AGE;
  return Math.round(sex === 'female' ? 206 - 0.88 * a : 208 - 0.7 * a);
}

export function heartRateBounds(profile: RunnerProfile): HeartRateBounds {
  const estimated: HeartRateBounds['estimated'] = [];
  const notes: string[] = [];
  let max = profile.max_hr;
  if (max == null) {
    max = estimatedMaxHr(profile.age, profile.sex);
    estimated.push('max_hr');
    notes.push(
      profile.age == null
        ? `max heart rate assumed ${max} bpm (no age or max heart rate in the profile)`
        : `max heart rate estimated ${max} bpm from age ${profile.age}`,
    );
  }
  let rest = profile.rest_hr;
  if (rest == null) {
    rest = ASSUMED_REST_HR;
    estimated.push('rest_hr');
    notes.push(`resting heart rate assumed ${rest} bpm`);
  }
  if (rest >= max - 20) {
    // A profile with rest close to max would make every heart rate look maximal: fall back to estimates.
    return heartRateBounds({ ...profile, max_hr: null, rest_hr: null });
  }
  return { max, rest, estimated, notes };
}
