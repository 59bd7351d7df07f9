import { AppError } from '@runnerly/service-kit';

/** The gateway's coded errors (besides the kit's invalid_request, not_found for unknown routes…). */
export const gatewayErrors = {
  unauthenticated: () => new AppError(401, 'unauthenticated', 'Log in first.'),
  csrf: (header: string) =>
    new AppError(403, 'csrf', `Missing or wrong ${header} header: reload the page and try again.`),
  rateLimited: (after: string) => new AppError(429, 'rate_limited', `Too many requests; try again in ${after}.`),
  notYours: () => new AppError(403, 'forbidden', 'You can only reach your own data.'),
  notYoursToChange: () => new AppError(403, 'forbidden', 'You can only change your own data.'),
  noRoute: (method: string, path: string) => new AppError(404, 'not_found', `No route for ${method} ${path}.`),
  noFile: (path: string) => new AppError(404, 'not_found', `No file ${path}.`),
  noPage: () => new AppError(404, 'not_found', 'No such page.'),
  badUrl: () => new AppError(400, 'bad_url', 'This URL is not valid.'),
  dashboardNotBuilt: () =>
    new AppError(
      503,
      'dashboard_not_built',
      'The dashboard is not built: run `npm run build -w @runnerly/dashboard` (npm start does it for you).',
    ),
  sessionNotFound: () =>
    new AppError(404, 'session_not_found', 'No such session of yours (it may have ended already).'),
  mailboxDisabled: () =>
    new AppError(404, 'mailbox_disabled', 'Mail goes out by SMTP: there is no development mailbox.'),
  notConfigured: (service: string) =>
    new AppError(503, 'upstream_unavailable', `The ${service} service is not configured.`),
  tokenDealerDown: () =>
    new AppError(503, 'upstream_unavailable', 'The token dealer is unavailable; try again shortly.'),
  noUserToken: () =>
    new AppError(503, 'upstream_unavailable', 'Could not get a token for this session; try again shortly.'),
  noUser: () => new AppError(502, 'upstream_error', 'The accounts service gave no user.'),
  upstreamFailed: (service: string) => new AppError(502, 'upstream_error', `The ${service} service failed to answer.`),
  upstreamTimeout: (service: string) =>
    new AppError(504, 'upstream_timeout', `The ${service} service did not answer in time.`),
  exportUpstream: (service: string, status: number) =>
    new AppError(
      502,
      'upstream_error',
      `The ${service} service answered ${status}; the export was not made. Try again shortly.`,
    ),
  exportStuck: () =>
    new AppError(502, 'upstream_error', 'The data service did not advance its run list; the export was not made.'),
  exportForeignRuns: () =>
    new AppError(
      502,
      'upstream_error',
      'The data service answered with runs of another user; the export was not made.',
    ),
  uploadTooLarge: (limitBytes: number) =>
    new AppError(413, 'too_large', `Uploads are limited to ${Math.floor(limitBytes / 1024 / 1024)} MB.`),
  uploadTooSlow: (minBytesPerSecond: number, windowMs: number) =>
    new AppError(
      408,
      'upload_too_slow',
      `The upload arrived slower than ${Math.round(minBytesPerSecond / 1024)} KB/s over ${windowMs / 1000} s and was stopped: try again on a faster connection.`,
    ),
  uploadNotMultipart: () => new AppError(415, 'unsupported_media_type', 'Send the files as multipart/form-data.'),
};
