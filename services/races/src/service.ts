import { Type } from '@sinclair/typebox';
import { scopes } from '@runnerly/contracts';
import { defineService } from '@runnerly/service-kit';
import { racesApp } from './app.ts';
import type { RacesDeps } from './deps.ts';
import { racesSubscriptions } from './events.ts';
import { migrations } from './migrations.ts';
import type { RacesTables } from './tables.ts';

const settings = {
  DATA_URL: Type.Optional(
    Type.String({
      pattern: '^https?://',
      description: 'Data service base URL: imported runs become race results (unset: results are typed in only)',
    }),
  ),
  FIXED_NOW: Type.Optional(
    Type.String({
      pattern: '^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:.]+Z$',
      description: 'Tests and demos: the instant taken as now (what is upcoming, what is in the past)',
    }),
  ),
};

export const races = defineService<typeof settings, RacesTables>({
  name: 'races',
  description: 'Races every runner sees: add, search, "I\'m running it" with a goal, results from imported runs',
  defaultPort: 8089,
  config: settings,
  migrations,
  bus: true,
  outbox: true,
  scopes: { client: [scopes.runsRead] },
  setup({ config, database, relay, verifier, logger, client }) {
    const fixed = config.FIXED_NOW ? new Date(config.FIXED_NOW) : null;
    const deps: RacesDeps = {
      db: database.db,
      relay,
      data: config.DATA_URL ? client('data', config.DATA_URL) : undefined,
      logger,
      now: () => (fixed ? new Date(fixed) : new Date()),
    };
    return {
      docs: `Races every signed-in runner sees, and who runs them. Scopes: \`${scopes.racesRead}\`, \`${scopes.racesWrite}\`. Races are added and changed by runners (user tokens; only the creator changes one); a service token reads everything and acts for any runner's entries, a user token only for its own.`,
      routes: racesApp(deps, verifier),
      subscriptions: racesSubscriptions(deps),
    };
  },
});
