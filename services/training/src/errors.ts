import { AppError, notFound } from '@runnerly/service-kit';
import type { ValidationIssue } from './domain/validate-plan-request.ts';

/** The training service's coded errors (besides the kit's invalid_request, unauthorized, forbidden, not_found). */
export const trainingErrors = {
  planNotFound: () => notFound('Plan'),
  raceNotEntered: () =>
    new AppError(
      404,
      'race_not_entered',
      'That race is not one of yours: mark it as a race you are running ("I\'m running it") first.',
    ),
  raceCancelled: () => new AppError(409, 'race_cancelled', 'That race was cancelled: choose another one.'),
  planExists: (planId: string) =>
    new AppError(
      409,
      'plan_exists',
      `You already follow a plan for this race (plan ${planId}): regenerate or abandon it.`,
    ),
  invalidPlanRequest: (issues: ValidationIssue[]) =>
    new AppError(400, 'invalid_plan_request', issues.map((i) => `${i.field}: ${i.message}`).join(' ')),
  planAbandoned: () => new AppError(409, 'plan_abandoned', 'This plan was abandoned: create a new one for the race.'),
  feedNotFound: () => new AppError(404, 'not_found', 'No calendar here: the link was revoked or never existed.'),
};
