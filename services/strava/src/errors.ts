import { AppError } from '@runnerly/service-kit';

export const stravaErrors = {
  appInUse: () =>
    new AppError(
      409,
      'app_in_use',
      'Your Strava link uses this application: unlink first, then change or remove the application.',
    ),
  noApp: () => new AppError(404, 'not_found', 'No own Strava application is registered.'),
  notLinked: () => new AppError(404, 'not_linked', 'This account is not linked to Strava.'),
  noSuchHook: () => new AppError(404, 'not_found', 'No such webhook.'),
  badVerifyToken: () => new AppError(403, 'forbidden', 'Unknown verify token.'),
  unknownSubscription: () =>
    new AppError(403, 'unknown_subscription', "The event does not carry this application's subscription id."),
  dataUnavailable: () =>
    new AppError(503, 'data_unavailable', 'The runs could not be removed right now; the link is gone, try again.'),
  tooManyEvents: () => new AppError(429, 'rate_limited', 'Too many webhook events; Strava retries later.'),
};

/** The grant is dead (refresh token refused, access revoked): the runner must connect again. */
export class NeedsReauthError extends Error {
  constructor(
    readonly code: 'needs_reauth' | 'missing_scope',
    message: string,
  ) {
    super(message);
    this.name = 'NeedsReauthError';
  }
}
