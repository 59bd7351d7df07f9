import { AppError, notFound } from '@runnerly/service-kit';
import type { RaceProblem } from './domain/races.ts';

/** The races service's coded errors (besides the kit's invalid_request, unauthorized, forbidden, not_found). */
export const racesErrors = {
  raceNotFound: () => notFound('Race'),
  entryNotFound: () => new AppError(404, 'not_running', 'This runner has not marked this race.'),
  userTokenOnly: () =>
    new AppError(403, 'forbidden', 'A race is added by a runner: this needs a user token (the creator).'),
  notYourData: () => new AppError(403, 'forbidden', 'A user token may only reach its own races.'),
  notCreator: () => new AppError(403, 'not_creator', 'Only the runner who added this race may change or delete it.'),
  duplicate: (existingId: string) =>
    new AppError(409, 'race_exists', 'A race with this name, day and distance already exists: use that one.', {
      race_id: existingId,
    }),
  hasParticipants: (count: number) =>
    new AppError(
      409,
      'race_has_participants',
      `${count} runner${count === 1 ? ' has' : 's have'} marked this race: it cannot be deleted, only cancelled.`,
    ),
  cancelled: () => new AppError(409, 'race_cancelled', 'This race was cancelled: it can no longer be marked.'),
  notStarted: () =>
    new AppError(409, 'race_not_started', 'The race has not started yet: a result can be given once it has.'),
  invalidGoal: (message: string) => new AppError(400, 'invalid_goal', message),
  invalidResult: (message: string) => new AppError(400, 'invalid_result', message),
  invalidRange: () => new AppError(400, 'invalid_range', 'The date range ends before it starts (to < from).'),
  invalidDay: (day: string) => new AppError(400, 'invalid_date', `${day} is not a calendar date (YYYY-MM-DD).`),
  invalidRace: (problem: RaceProblem) => {
    switch (problem.kind) {
      case 'timezone':
        return new AppError(
          400,
          'invalid_timezone',
          `Unknown time zone "${problem.timezone}": use an IANA name such as Europe/Paris.`,
        );
      case 'past':
        return new AppError(
          400,
          'race_in_past',
          `${problem.start_local.replace('T', ' ')} in ${problem.timezone} is in the past: a new race must be ahead.`,
        );
      case 'date':
        return new AppError(400, 'invalid_date', problem.message);
      case 'distance':
        return new AppError(400, 'invalid_distance', problem.message);
      case 'text':
        return new AppError(400, 'invalid_race', problem.message);
    }
  },
};
