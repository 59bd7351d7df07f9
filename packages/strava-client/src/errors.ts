// Strava's Fault bodies, `{message, errors: [{resource, field, code}]}`, as typed errors.
import type { RateBudget } from './budget.ts';

export interface FaultDetail {
  resource?: string;
  field?: string;
  code?: string;
}
export interface Fault {
  message?: string;
  errors?: FaultDetail[];
}

export class StravaError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly fault: Fault | null = null,
    readonly budget: RateBudget | null = null,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** 429: the application's window is spent; wait until it resets (no Retry-After). */
export class RateLimitedError extends StravaError {}

/** 401: bad or expired token, or a missing scope (`missingPermission` names it, e.g. `activity:read_permission`). */
export class UnauthorizedError extends StravaError {
  get missingPermission(): string | null {
    const hit = this.fault?.errors?.find((e) => /_permission$/.test(e.field ?? '') || /permission/i.test(e.code ?? ''));
    return hit ? (hit.field ?? hit.code ?? 'permission') : null;
  }
}

export class NotFoundError extends StravaError {}

/** 400 on the token endpoint: the code or refresh token is invalid (`resource` AuthorizationCode / RefreshToken). */
export class BadRequestError extends StravaError {
  get resource(): string | null {
    return this.fault?.errors?.[0]?.resource ?? null;
  }
  /** The grant is dead: the refresh token was refused. */
  get deadRefreshToken(): boolean {
    return this.resource === 'RefreshToken';
  }
}

/** 5xx, timeouts and dropped connections: retry with back-off; never drop stored tokens on them. */
export class TransientError extends StravaError {}

export function faultError(status: number, fault: Fault | null, budget: RateBudget | null): StravaError {
  const msg = `Strava answered ${status}: ${fault?.message ?? 'no message'}${fault?.errors?.length ? ` (${fault.errors.map((e) => [e.resource, e.field, e.code].filter(Boolean).join('/')).join(', ')})` : ''}`;
  if (status === 429) return new RateLimitedError(msg, status, fault, budget);
  if (status === 401) return new UnauthorizedError(msg, status, fault, budget);
  if (status === 404) return new NotFoundError(msg, status, fault, budget);
  if (status === 400) return new BadRequestError(msg, status, fault, budget);
  if (status >= 500 || status === 408) return new TransientError(msg, status, fault, budget);
  return new StravaError(msg, status, fault, budget);
}
