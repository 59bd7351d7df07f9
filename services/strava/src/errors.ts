import { AppError } from '@runnerly/service-kit';

export const stravaErrors = {
  notLinked: () => new AppError(404, 'not_linked', 'This account is not linked to Strava.'),
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
