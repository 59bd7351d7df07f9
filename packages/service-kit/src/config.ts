import { Type, type Static, type TObject, type TProperties } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';

export class ConfigError extends Error {
  constructor(
    readonly service: string,
    readonly problems: string[],
  ) {
    super(`${service}: invalid configuration\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Settings every service reads. */
export const baseConfig = {
  PORT: Type.Integer({ minimum: 0, maximum: 65535, description: 'Port to listen on (0: any free port)' }),
  HOST: Type.String({ default: '127.0.0.1', description: 'Address to listen on' }),
  LOG_LEVEL: Type.Union(
    ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'].map((l) => Type.Literal(l)),
    { default: 'info' },
  ),
  DATA_DIR: Type.String({ default: './data', description: 'Folder for SQLite files and generated keys' }),
  DATABASE_URL: Type.Optional(
    Type.String({ pattern: '^postgres(ql)?://', description: 'PostgreSQL; SQLite under DATA_DIR when unset' }),
  ),
  AMQP_URL: Type.Optional(Type.String({ pattern: '^amqps?://', description: 'RabbitMQ; in-process bus when unset' })),
  AMQP_NAMESPACE: Type.Optional(
    Type.String({
      pattern: '^[A-Za-z0-9_-]+$',
      description: 'Prefix of every RabbitMQ queue and exchange (several systems, or test runs, on one broker)',
    }),
  ),
  AMQP_QUEUE_EXPIRES_SECONDS: Type.Optional(
    Type.Number({
      minimum: 1,
      description: 'Queues unused this long are deleted by RabbitMQ (tests); never when unset',
    }),
  ),
  OUTBOX_RETENTION_HOURS: Type.Integer({
    minimum: 1,
    maximum: 24 * 366,
    default: 168,
    description: 'Published outbox rows are deleted this long after their publication (unpublished ones are kept)',
  }),
  PUBLIC_URL: Type.Optional(
    Type.String({ pattern: '^https?://', description: 'URL this service is reached at, when behind a proxy' }),
  ),
  OTEL_EXPORTER_OTLP_ENDPOINT: Type.Optional(
    Type.String({
      pattern: '^https?://',
      description: 'OpenTelemetry collector (OTLP over HTTP, spans sent to /v1/traces); no tracing when unset',
    }),
  ),
  OTEL_BSP_SCHEDULE_DELAY: Type.Optional(
    Type.Integer({ minimum: 1, description: 'Milliseconds between two exports of buffered spans (default 5000)' }),
  ),
};

/** Settings of a service that calls others or checks tokens. */
export const clientConfig = {
  TOKENDEALER_URL: Type.String({ pattern: '^https?://', description: 'Token dealer base URL' }),
  CLIENT_ID: Type.Optional(Type.String({ minLength: 1, description: "This service's client id at the token dealer" })),
  CLIENT_SECRET: Type.Optional(Type.String({ minLength: 1 })),
  TOKEN_ISSUER: Type.String({ default: 'runnerly-tokendealer' }),
  TOKEN_MAX_LIFETIME_SECONDS: Type.Integer({
    minimum: 30,
    maximum: 86400,
    default: 3600,
    description: 'Longest lifetime (exp - iat) of a token accepted; longer ones, or without iat, are refused',
  }),
};

export type Env = Record<string, string | undefined>;

/**
 * Reads the service's settings from the environment once, converts and checks them.
 * Throws a ConfigError naming every bad or missing key; unknown keys are ignored.
 */
export function loadConfig<P extends TProperties>(
  service: string,
  properties: P,
  env: Env = process.env,
): Static<TObject<P>> {
  const schema = Type.Object(properties);
  const picked: Record<string, unknown> = {};
  for (const key of Object.keys(properties)) {
    const raw = env[key];
    if (raw !== undefined && raw !== '') picked[key] = raw;
  }
  const withDefaults = Value.Default(schema, picked);
  const converted = Value.Convert(schema, withDefaults);
  const problems = [...Value.Errors(schema, converted)].map((e) => {
    const key = e.path.replace(/^\//, '') || '(settings)';
    const raw = env[key];
    return raw === undefined ? `${key}: ${e.message} (not set)` : `${key}=${JSON.stringify(raw)}: ${e.message}`;
  });
  if (problems.length) throw new ConfigError(service, [...new Set(problems)]);
  return converted as Static<TObject<P>>;
}
