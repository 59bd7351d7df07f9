import { scopes } from '@runnerly/contracts';
import { defineService } from '@runnerly/service-kit';
import { dataApp } from './app.ts';
import { dataSubscriptions } from './events.ts';
import { migrations } from './migrations.ts';
import { answerCache } from './revalidate.ts';
import type { DataTables } from './tables.ts';

export const data = defineService<{}, DataTables>({
  name: 'data',
  description: 'The Data Service: runs (and later races, plans, report archive) behind an OpenAPI spec',
  defaultPort: 8083,
  migrations,
  bus: true,
  outbox: true,
  setup({ database, relay, verifier }) {
    const answers = answerCache();
    const deps = { db: database.db, dialect: database.dialect, relay, answers };
    return {
      docs: `Runs of every runner. Scopes: \`${scopes.runsRead}\`, \`${scopes.runsWrite}\`. A service token acts for any user; a user token only for its own user.`,
      routes: dataApp(deps, verifier),
      subscriptions: dataSubscriptions(deps),
      metrics: [answers.outcomes],
    };
  },
});
