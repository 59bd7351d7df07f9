// Seeded athletes: identity, home, and the training habits their history is generated from.
import { PLACES, type Place } from './places.ts';
import { Prng, hash32 } from './prng.ts';

export interface Athlete {
  index: number;
  id: number;
  username: string;
  firstname: string;
  lastname: string;
  sex: 'M' | 'F';
  place: Place;
  premium: boolean;
  weight: number;
  measurementPreference: 'meters' | 'feet';
  /** Easy running pace, seconds per km. */
  easyPace: number;
  restHr: number;
  maxHr: number;
  /** Cadence per leg (steps per minute / 2) at easy pace. */
  cadence: number;
  hasHrMonitor: boolean;
  runsPerWeek: number;
  longRunDay: number; // 0 = Monday … 6 = Sunday
  workoutDay: number;
  preferredHour: number; // local hour of weekday runs
  shares: {
    trail: number;
    treadmill: number;
    virtual: number;
    private: number;
    followers: number;
    ride: number;
    swim: number;
    walk: number;
    weights: number;
  };
  device: string;
  shoeId: string;
  bikeId: string;
}

const FIRST_F = [
  'Marianne',
  'Camille',
  'Sofia',
  'Aiko',
  'Emma',
  'Lena',
  'Chloé',
  'Grace',
  'Ana',
  'Isabel',
  'Nora',
  'Zoe',
  'Hannah',
  'Léa',
  'Maya',
  'Julia',
];
const FIRST_M = [
  'Hugo',
  'Lucas',
  'Kenji',
  'Ben',
  'Mateo',
  'Jonas',
  'Tom',
  'Rafael',
  'Liam',
  'Noah',
  'Arthur',
  'Sam',
  'Yuki',
  'Pablo',
  'Felix',
  'Owen',
];
const LAST = [
  'Martin',
  'Bernard',
  'Dubois',
  'Smith',
  'Jones',
  'Müller',
  'Schmidt',
  'García',
  'Fernández',
  'de Vries',
  'Tanaka',
  'Sato',
  'Brown',
  'Wilson',
  'Silva',
  'Santos',
  'Nguyen',
  'Kowalski',
  'Rossi',
  'Moreau',
  'Laurent',
  'Taylor',
  'Clark',
  'Walker',
];
const DEVICES = [
  'Garmin Forerunner 265',
  'Garmin Forerunner 955',
  'COROS PACE 3',
  'Apple Watch Series 9',
  'Polar Pacer Pro',
  'Suunto Race',
  'Garmin fēnix 7',
];

/** Strava athlete ids are plain integers in the tens of millions nowadays. */
export function athleteIdFor(seed: string, index: number): number {
  return 10_000_000 + (hash32('athlete-id', seed) % 50_000) * 1000 + index;
}

export function makeAthlete(seed: string, index: number): Athlete {
  const r = new Prng(seed, 'athlete', index);
  const sex = r.chance(0.45) ? 'F' : 'M';
  const firstname = r.pick(sex === 'F' ? FIRST_F : FIRST_M);
  const lastname = r.pick(LAST);
  const place = PLACES[index % PLACES.length]!;
  const easyPace = Math.round(r.range(sex === 'F' ? 320 : 295, sex === 'F' ? 430 : 410));
  const age = r.int(22, 62);
  const maxHr = Math.round(208 - 0.7 * age + r.normal(0, 4));
  const id = athleteIdFor(seed, index);
  const runsPerWeek = r.int(3, 6);
  const longRunDay = r.chance(0.7) ? 6 : 5;
  return {
    index,
    id,
    username:
      `${firstname}_${lastname}`
        .toLowerCase()
        .normalize('NFD')
        .replace(/[^a-z_]/g, '') + (index > 0 ? String(index) : ''),
    firstname,
    lastname,
    sex,
    place,
    premium: r.chance(0.3),
    weight: Math.round(r.range(sex === 'F' ? 50 : 62, sex === 'F' ? 72 : 88) * 10) / 10,
    measurementPreference: place.country === 'United States' ? 'feet' : 'meters',
    easyPace,
    restHr: r.int(44, 62),
    maxHr,
    cadence: r.int(79, 90),
    hasHrMonitor: r.chance(0.9),
    runsPerWeek,
    longRunDay,
    workoutDay: r.pick([1, 2, 3]),
    preferredHour: r.pick([6, 7, 12, 18, 19]),
    shares: {
      trail: r.range(0.02, 0.15),
      treadmill: r.range(0.0, 0.08),
      virtual: r.chance(0.3) ? r.range(0.02, 0.08) : 0,
      private: r.range(0.03, 0.12),
      followers: r.range(0, 0.1),
      ride: r.chance(0.5) ? r.range(0.05, 0.3) : 0,
      swim: r.chance(0.3) ? r.range(0.05, 0.2) : 0,
      walk: r.range(0, 0.15),
      weights: r.chance(0.4) ? r.range(0.05, 0.2) : 0,
    },
    device: r.pick(DEVICES),
    shoeId: `g${hash32('shoe', seed, index)}`,
    bikeId: `b${hash32('bike', seed, index)}`,
  };
}
