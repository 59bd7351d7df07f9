import type { Redis } from 'ioredis';
import type { CompressedForms } from '@runnerly/service-kit';
import type { UserTokenSource } from './user-tokens.ts';
import type { Upstreams } from './upstreams.ts';
import type { Sessions } from './session-store.ts';
import type { KeptAnswers } from './kept-answers.ts';

export interface GatewaySettings {
  /** Cookies get `Secure` and responses HSTS (PUBLIC_URL is https). */
  https: boolean;
  rateLimitAuth: number;
  rateLimitApi: number;
  /** The development mailbox is served (mail does not go out by SMTP). */
  devMailbox: boolean;
  dashboardDir: string;
  /** Map tiles under routes (a {z}/{x}/{y} URL template and its credit); null: routes drawn without a map. */
  mapTiles?: { url: string; attribution: string } | null;
  /** Uploads (`POST /api/imports/users/:me/imports`): largest body and longest time, for that route only. */
  uploadLimitBytes?: number;
  uploadTimeoutMs?: number;
  /** An upload slower than this over a window (the first: the grace period) is stopped with 408. */
  uploadMinBytesPerSecond?: number;
  uploadRateWindowMs?: number;
  /** Every other request must have arrived whole within this time (the server-wide timeout is the upload's). */
  requestTimeoutMs?: number;
}

export interface GatewayDeps {
  settings: GatewaySettings;
  /** Signs the session id cookie. */
  sessionKey: Buffer;
  /** Where sessions live (the gateway's database or Redis), with their expiry rules. */
  sessions: Sessions;
  /** Clients of the upstream services, authenticated with the gateway's own service token. */
  upstreams: Upstreams;
  /** Base URLs for streamed calls that bypass the JSON client (the imports service, for uploads). */
  streamUrls?: { imports?: string };
  userTokens: UserTokenSource;
  /** Compressed forms of upstream answers, by runner, URL and ETag (installed on the routes). */
  compressed?: CompressedForms;
  /** The data service's version-tagged answers per runner and URL, sent without asking it again. */
  answers?: KeptAnswers;
  /** Shared by every gateway replica (REDIS_URL): the rate limits count there instead of in this process. */
  redis?: Redis;
  /** Key prefix of the rate limits in Redis (tests keep theirs apart). */
  redisPrefix?: string;
}
