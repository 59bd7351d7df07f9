export {
  StravaClient,
  STRAVA_API_URL,
  STRAVA_OAUTH_URL,
  STREAM_KEYS,
  type StravaClientOptions,
  type ApiResult,
  type ListParams,
} from './client.ts';
export { parseBudget, readWindow, type RateBudget, type WindowUsage } from './budget.ts';
export {
  StravaError,
  RateLimitedError,
  UnauthorizedError,
  NotFoundError,
  BadRequestError,
  TransientError,
  faultError,
  type Fault,
  type FaultDetail,
} from './errors.ts';
export {
  RUN_SPORT_TYPES,
  isRun,
  type SummaryActivity,
  type DetailedActivity,
  type SummaryAthlete,
  type StreamSet,
  type Stream,
  type Lap,
  type TokenResponse,
} from './types.ts';
