import { AppError } from '@runnerly/service-kit';

/**
 * The token dealer's coded errors. The token endpoint answers in OAuth's own shape
 * (RFC 6749 §5.2: `{error, error_description}`); its other routes use the kit's `{code, message}`.
 */
export class OAuthFailure extends Error {
  constructor(
    readonly status: number,
    readonly error: string,
    message: string,
  ) {
    super(message);
  }
}

export const oauthErrors = {
  invalidClient: () => new OAuthFailure(401, 'invalid_client', 'Unknown client or wrong secret.'),
  clientAuthRequired: () => new OAuthFailure(401, 'invalid_client', 'Client authentication is required.'),
  malformedBasic: () => new OAuthFailure(401, 'invalid_client', 'Malformed Basic credentials.'),
  credentialsTwice: () => new OAuthFailure(400, 'invalid_request', 'Send client credentials one way only.'),
  mayNotExchange: () => new OAuthFailure(400, 'unauthorized_client', 'This client may not exchange tokens for users.'),
  subjectTokenType: (expected: string) =>
    new OAuthFailure(400, 'invalid_request', `subject_token_type must be ${expected}.`),
  subjectToken: () => new OAuthFailure(400, 'invalid_request', 'subject_token must be a user id.'),
  invalidScope: (refused: string[]) =>
    new OAuthFailure(400, 'invalid_scope', `Scope not allowed for this client: ${refused.join(', ')}.`),
  unsupportedGrant: (grant: string) =>
    new OAuthFailure(400, 'unsupported_grant_type', `Grant type "${grant}" is not supported: use client_credentials.`),
};

/** The token dealer's other coded errors, answered as `{code, message}`. */
export const tokendealerErrors = {
  rotationTooSoon: (retryAfterSeconds: number) =>
    new AppError(
      409,
      'rotation_too_soon',
      `The signing key was rotated less than the minimum interval ago: try again in ${retryAfterSeconds} s.`,
    ),
};
