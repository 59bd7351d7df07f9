import { Type } from '@sinclair/typebox';
import { scopes } from '@runnerly/contracts';
import { defineService, loadKey, secretBox } from '@runnerly/service-kit';
import { trainingApp } from './app.ts';
import { serviceClock } from './clock.ts';
import type { TrainingDeps } from './deps.ts';
import { trainingSubscriptions } from './events.ts';
import { migrations } from './migrations.ts';
import type { TrainingTables } from './tables.ts';

const settings = {
  DATA_URL: Type.String({ pattern: '^https?://', description: 'Data service base URL (runs, best efforts)' }),
  RACES_URL: Type.Optional(
    Type.String({
      pattern: '^https?://',
      description: "Races service base URL (a runner's races, goals); plans answer 503 while unset",
    }),
  ),
  FEED_KEY: Type.Optional(
    Type.String({
      pattern: '^[A-Za-z0-9+/_-]{43,44}={0,1}$',
      description:
        '32 random bytes, base64: seals the iCal feed secrets. Unset: generated once under DATA_DIR/training',
    }),
  ),
  CLOCK_FILE: Type.Optional(
    Type.String({
      description: 'Tests and demos: a file holding the instant the service takes as now (read again when it changes)',
    }),
  ),
};

export const training = defineService<typeof settings, TrainingTables>({
  name: 'training',
  description: 'Training plans toward a race: generated from current fitness, matched to runs, re-balanced, iCal',
  defaultPort: 8086,
  config: settings,
  migrations,
  bus: true,
  outbox: true,
  scopes: { client: [scopes.runsRead, scopes.racesRead] },
  requiresCredentials: true,
  setup({ config, database, relay, verifier, logger, client }) {
    const key = loadKey({
      configured: config.FEED_KEY,
      setting: 'FEED_KEY',
      dataDir: config.DATA_DIR,
      service: 'training',
      file: 'feed.key',
    });
    const deps: TrainingDeps = {
      db: database.db,
      relay,
      data: client('data', config.DATA_URL),
      races: config.RACES_URL ? client('races', config.RACES_URL) : undefined,
      box: secretBox(key, 'training-feed'),
      logger,
      now: serviceClock(config.CLOCK_FILE),
    };
    return {
      docs: `Training plans. Scopes: \`${scopes.plansRead}\`, \`${scopes.plansWrite}\`. A user token reaches only its own plans; the iCal feed (\`/feeds/{secret}.ics\`) is public and found by its secret.`,
      routes: trainingApp(deps, verifier),
      subscriptions: trainingSubscriptions(deps),
    };
  },
});
