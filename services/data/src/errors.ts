import { AppError, notFound } from '@runnerly/service-kit';

/** The Data Service's coded errors (besides the kit's invalid_request, unauthorized, forbidden, not_found). */
export const dataErrors = {
  notYourRuns: () => new AppError(403, 'forbidden', 'A user token may only add runs of its own user.'),
  invalidRun: (problems: string[]) => new AppError(400, 'invalid_run', problems.slice(0, 5).join('; ')),
  userDeleted: (userId: string) =>
    new AppError(410, 'user_deleted', `The account of user ${userId} was deleted: its runs are not kept.`),
  invalidRange: (why: string) => new AppError(400, 'invalid_range', why),
  invalidTimeZone: (tz: string) => new AppError(400, 'invalid_timezone', `Unknown time zone "${tz}".`),
  runNotFound: () => notFound('Run'),
  gearNotFound: () => notFound('Gear'),
  invalidGear: (why: string) => new AppError(400, 'invalid_gear', why),
  invalidRunEdit: (why: string) => new AppError(400, 'invalid_run', why),
  noStreams: () => new AppError(404, 'no_streams', 'This run has no recorded samples (only its summary is known).'),
  unevenStreams: (series: string[]) =>
    new AppError(
      400,
      'invalid_streams',
      `Every series must have as many samples as time: ${series.join(', ')} differ.`,
    ),
};
