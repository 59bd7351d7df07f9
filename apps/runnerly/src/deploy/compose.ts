import { envPrefix } from '@runnerly/service-kit';
import { deployedEnv, deployedServices, imageName, type DeployedService } from './plan.ts';

/** The HTTP check every Runnerly container answers (no curl in the image: node's fetch). */
export function httpCheck(port: number, path: string): string[] {
  return [
    'CMD',
    'node',
    '-e',
    `fetch('http://127.0.0.1:${port}${path}').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))`,
  ];
}

const pg = (db: string) => `postgres://runnerly:\${POSTGRES_PASSWORD:-runnerly}@postgres:5432/${db}`;
export const databaseName = (service: Pick<DeployedService, 'name'>) => `runnerly_${service.name.replace(/-/g, '_')}`;

/** compose.yaml: the infrastructure, a mail catcher, the one-shot setup and every service of the registry. */
export function composeFile(version: string): Record<string, unknown> {
  const all = deployedServices();
  const image = `${imageName}:${version}`;
  const infra = {
    serviceUrl: (s: DeployedService) => `http://${s.name}:${s.port}`,
    databaseUrl: (s: DeployedService) => pg(databaseName(s)),
    amqpUrl: 'amqp://runnerly:${RABBITMQ_PASSWORD:-runnerly}@rabbitmq:5672',
    redisUrl: 'redis://redis:6379',
    smtpUrl: 'smtp://mailpit:1025',
    publicUrl: '${PUBLIC_URL:-http://localhost:8080}',
    host: '0.0.0.0',
    dataDir: '/data',
  };
  const healthy = { condition: 'service_healthy' };
  const infraHealthy = { postgres: healthy, rabbitmq: healthy, redis: healthy };
  const services: Record<string, unknown> = {
    postgres: {
      image: 'postgres:15-bookworm',
      environment: { POSTGRES_USER: 'runnerly', POSTGRES_PASSWORD: '${POSTGRES_PASSWORD:-runnerly}' },
      volumes: [
        'postgres-data:/var/lib/postgresql/data',
        './deploy/compose/postgres-init.sql:/docker-entrypoint-initdb.d/runnerly.sql:ro',
      ],
      healthcheck: { test: ['CMD', 'pg_isready', '-U', 'runnerly'], interval: '5s', timeout: '5s', retries: 20 },
      restart: 'unless-stopped',
    },
    rabbitmq: {
      image: 'rabbitmq:3.13-management',
      environment: { RABBITMQ_DEFAULT_USER: 'runnerly', RABBITMQ_DEFAULT_PASS: '${RABBITMQ_PASSWORD:-runnerly}' },
      volumes: ['rabbitmq-data:/var/lib/rabbitmq'],
      healthcheck: {
        test: ['CMD', 'rabbitmq-diagnostics', '-q', 'ping'],
        interval: '10s',
        timeout: '10s',
        retries: 20,
      },
      restart: 'unless-stopped',
    },
    redis: {
      image: 'redis:7-bookworm',
      command: ['redis-server', '--save', '', '--appendonly', 'no'],
      healthcheck: { test: ['CMD', 'redis-cli', 'ping'], interval: '5s', timeout: '5s', retries: 20 },
      restart: 'unless-stopped',
    },
    // Every mail the services send, readable at http://localhost:8025.
    mailpit: {
      image: 'axllent/mailpit:v1.21',
      ports: ['8025:8025'],
      healthcheck: { test: ['CMD', '/mailpit', 'readyz'], interval: '10s', timeout: '5s', retries: 10 },
      restart: 'unless-stopped',
    },
    // `docker compose --profile logs up`: every container's JSON log lines shipped to Loki by
    // Grafana Alloy (deploy/observability/alloy.alloy), labelled by service and level.
    loki: {
      image: 'grafana/loki:3.6.0',
      profiles: ['logs'],
      command: ['-config.file=/etc/loki/local-config.yaml'],
      ports: ['3100:3100'],
      volumes: ['loki-data:/loki'],
      restart: 'unless-stopped',
    },
    alloy: {
      image: 'grafana/alloy:v1.21.2',
      profiles: ['logs'],
      command: ['run', '--storage.path=/var/lib/alloy/data', '/etc/alloy/config.alloy'],
      volumes: [
        './deploy/observability/alloy.alloy:/etc/alloy/config.alloy:ro',
        '/var/run/docker.sock:/var/run/docker.sock:ro',
      ],
      depends_on: { loki: { condition: 'service_started' } },
      restart: 'unless-stopped',
    },
    setup: {
      image,
      build: '.',
      command: ['setup'],
      environment: {
        DATA_DIR: '/data',
        ...Object.fromEntries(
          all.filter((s) => s.database).map((s) => [`${envPrefix(s.name)}DATABASE_URL`, pg(databaseName(s))]),
        ),
      },
      volumes: ['runnerly-data:/data'],
      depends_on: { postgres: healthy },
      restart: 'no',
    },
  };
  for (const service of all) {
    const needs: Record<string, unknown> = { setup: { condition: 'service_completed_successfully' }, ...infraHealthy };
    if (service.name !== 'tokendealer') needs.tokendealer = healthy;
    const exposed = service.name === 'gateway' || service.name === 'strava-sim';
    services[service.name] = {
      image,
      command: ['start', service.name],
      environment: deployedEnv(service, all, infra),
      volumes: ['runnerly-data:/data'],
      ...(exposed ? { ports: [`${service.port}:${service.port}`] } : {}),
      healthcheck: {
        test: httpCheck(service.port, '/readyz'),
        interval: '10s',
        timeout: '5s',
        retries: 6,
        start_period: '20s',
      },
      depends_on: needs,
      restart: 'unless-stopped',
    };
  }
  return {
    services,
    volumes: { 'postgres-data': {}, 'rabbitmq-data': {}, 'runnerly-data': {}, 'loki-data': {} },
  };
}

/** deploy/compose/postgres-init.sql: one database per service that has one. */
export function postgresInit(): string {
  const lines = deployedServices()
    .filter((s) => s.database)
    .map((s) => `CREATE DATABASE ${databaseName(s)} OWNER runnerly;`);
  return `-- Written by \`npm run deploy-files\` from the registry: one database per service.\n${lines.join('\n')}\n`;
}
