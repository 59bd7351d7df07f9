import { Type } from '@sinclair/typebox';

const url = (description: string) => Type.Optional(Type.String({ pattern: '^https?://', description }));

/** The gateway's own settings (the kit adds the common ones). */
export const gatewaySettings = {
  ACCOUNTS_URL: url('Accounts service; auth and profile routes answer 503 while unset'),
  DATA_URL: url('Data service; run routes answer 503 while unset'),
  STRAVA_URL: url('Strava link service; /api/strava routes answer 503 while unset'),
  IMPORTS_URL: url('Imports service; /api/imports routes answer 503 while unset'),
  TRAINING_URL: url('Training service; /api/training routes answer 503 while unset'),
  RACES_URL: url('Races service; /api/races routes answer 503 while unset'),
  REPORTS_URL: url('Reports service; /api/reports routes answer 503 while unset'),
  SESSION_KEY: Type.Optional(
    Type.String({
      pattern: '^[A-Za-z0-9+/_-]{43,44}={0,1}$',
      description:
        '32 random bytes, base64: encrypts session cookies. Give every replica the same one. Unset: generated once under DATA_DIR/gateway/session.key',
    }),
  ),
  SESSION_TTL_HOURS: Type.Integer({
    minimum: 1,
    maximum: 24 * 90,
    default: 168,
    description: 'How long a login lasts at most (absolute expiry)',
  }),
  SESSION_IDLE_HOURS: Type.Integer({
    minimum: 1,
    maximum: 24 * 90,
    default: 48,
    description: 'A login ends after this long without a request (idle expiry)',
  }),
  REDIS_URL: Type.Optional(
    Type.String({
      pattern: '^rediss?://',
      description:
        'Sessions and rate limits in Redis (replicas share them); unset: sessions in the gateway database, rate limits per process',
    }),
  ),
  SMTP_URL: Type.Optional(
    Type.String({ description: 'When set, mail goes out by SMTP and the development mailbox is off' }),
  ),
  MAP_TILES_URL: Type.String({
    default: 'https://tile.openstreetmap.org/{z}/{x}/{y}.png',
    pattern: '^(off|https?://[^/\\s]+/.*\\{z\\}.*)$',
    description:
      'Map tiles under routes ({z}/{x}/{y} template; the CSP allows just its host), or "off" to draw routes without a map (offline installs)',
  }),
  MAP_TILES_ATTRIBUTION: Type.String({
    default: '© OpenStreetMap contributors',
    maxLength: 300,
    description: 'Credit shown on the map, as the tile source requires',
  }),
  DASHBOARD_DIR: Type.Optional(Type.String({ description: 'Built dashboard to serve (default: apps/dashboard/dist)' })),
  RATE_LIMIT_AUTH: Type.Integer({
    minimum: 1,
    default: 10,
    description: 'Sign-up, login, activation and password requests per minute per IP',
  }),
  RATE_LIMIT_API: Type.Integer({ minimum: 1, default: 300, description: 'Other API requests per minute per IP' }),
  TRUST_PROXY: Type.Optional(
    Type.String({
      pattern: '^(true|false|[0-9a-fA-F.:/]+(,[0-9a-fA-F.:/]+)*)$',
      description:
        'Behind a reverse proxy: its addresses (comma-separated IPs or CIDRs), or true for any. Client addresses (rate limits, login throttling) then come from X-Forwarded-For. Unset: the socket address.',
    }),
  ),
  UPSTREAM_TIMEOUT_MS: Type.Integer({ minimum: 100, maximum: 120_000, default: 5000 }),
  REQUEST_TIMEOUT_MS: Type.Integer({
    minimum: 1000,
    maximum: 120_000,
    default: 15_000,
    description: 'Every request but an upload must have arrived whole within this time (slow bodies are cut)',
  }),
  METRICS_TOKEN: Type.Optional(
    Type.String({
      minLength: 24,
      description:
        'The gateway is the public port: /metrics is served only with `Authorization: Bearer <METRICS_TOKEN>`, and not at all while unset',
    }),
  ),
  BODY_LIMIT_BYTES: Type.Integer({ minimum: 1024, default: 256 * 1024 }),
  UPLOAD_LIMIT_BYTES: Type.Integer({
    minimum: 1024,
    default: 501 * 1024 * 1024,
    description: 'Largest file upload (POST /api/imports/users/:me/imports): 500 MB of files plus multipart overhead',
  }),
  UPLOAD_TIMEOUT_MS: Type.Integer({
    minimum: 1000,
    default: 15 * 60_000,
    description: 'How long one upload may take, end to end',
  }),
  UPLOAD_MIN_BYTES_PER_SECOND: Type.Integer({
    minimum: 0,
    default: 10 * 1024,
    description: 'An upload slower than this over UPLOAD_RATE_WINDOW_MS is stopped with 408 (0: no minimum)',
  }),
  UPLOAD_RATE_WINDOW_MS: Type.Integer({
    minimum: 100,
    default: 10_000,
    description: 'The window over which the upload rate is measured; the first is the grace period',
  }),
};

/** TRUST_PROXY as Fastify takes it. */
export function trustProxyOption(value: string | undefined): boolean | string | undefined {
  if (value === undefined || value === 'false') return undefined;
  return value === 'true' ? true : value;
}
