// Strava's error bodies: {"message", "errors": [{"resource", "field", "code"}]}.

export interface StravaErrorItem {
  resource: string;
  field: string;
  code: string;
}

export class StravaError extends Error {
  constructor(
    readonly statusCode: number,
    message: string,
    readonly errors: StravaErrorItem[],
  ) {
    super(message);
  }

  toJSON(): { message: string; errors: StravaErrorItem[] } {
    return { message: this.message, errors: this.errors };
  }
}

export const invalidAccessToken = (): StravaError =>
  new StravaError(401, 'Authorization Error', [{ resource: 'Athlete', field: 'access_token', code: 'invalid' }]);

export const missingPermission = (permission: string): StravaError =>
  new StravaError(401, 'Authorization Error', [
    { resource: 'AccessToken', field: `${permission}_permission`, code: 'missing' },
  ]);

export const notFound = (resource: string, field = 'id'): StravaError =>
  new StravaError(404, 'Record Not Found', [{ resource, field, code: 'invalid' }]);

export const badRequest = (resource: string, field: string, code = 'invalid'): StravaError =>
  new StravaError(400, 'Bad Request', [{ resource, field, code }]);

export const badClient = (field: 'client_id' | 'client_secret'): StravaError =>
  new StravaError(401, 'Authorization Error', [{ resource: 'Application', field, code: 'invalid' }]);

/** Errors of the control API (not Strava's): the house `{ code, message }` shape. */
export class ControlError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}
