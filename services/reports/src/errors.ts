import { AppError } from '@runnerly/service-kit';

/** The reports service's coded errors (besides the kit's invalid_request, unauthorized, forbidden, not_found). */
export const reportErrors = {
  reportNotFound: () => new AppError(404, 'not_found', 'No report for this month.'),
  invalidUnsubscribe: () =>
    new AppError(
      400,
      'invalid_unsubscribe_link',
      'This unsubscribe link is not valid. Change your preferences on the Account page.',
    ),
  tooManyRequests: (retryAfter: number) =>
    new AppError(429, 'too_many_requests', `You asked for reports too often. Try again in ${retryAfter} seconds.`, {
      retry_after: retryAfter,
    }),
  accountUnavailable: () => new AppError(404, 'not_found', 'No such runner.'),
};
