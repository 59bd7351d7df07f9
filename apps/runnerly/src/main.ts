import { parseArgs } from 'node:util';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { runMain } from '@runnerly/service-kit';
import { findService, serviceNames } from './registry.ts';
import { storedCredentials } from './credentials.ts';

// Each command loads what it needs: a process running one service holds that service's code alone.

const help = `runnerly — run the Runnerly services

Usage:
  runnerly start               every service in this process (SQLite under ./data, in-process bus)
  runnerly start <service>     one service as its own process, configured by its environment
                               (PORT, DATABASE_URL, AMQP_URL, TOKENDEALER_URL, CLIENT_ID, CLIENT_SECRET…)
  runnerly up [--replicas service=N,…]
                               every service as its own supervised process (needs AMQP_URL), in
                               dependency order by readiness, crashed ones restarted with back-off;
                               <SERVICE>_DATABASE_URL gives a service its PostgreSQL database (needed
                               for replicas of a service with a database)
  runnerly status              each process of a running \`runnerly up\`: pid, health, restarts, uptime
  runnerly setup               migrate every service's database and register the services' clients (once,
                               before the services start in containers: compose, the Kubernetes Job);
                               CLIENT_SECRET_<SERVICE> gives a client's secret, else one is generated
                               and kept in DATA_DIR/credentials/<service>.json, where start finds it
  runnerly clients create <id> --scopes a,b [--user-scopes c,d]
                               register a client at the token dealer; prints its secret once
  runnerly clients list        list clients and their scopes
  runnerly clients delete <id> remove a client
  runnerly --version           the release (see CHANGELOG.md) and the Node.js it runs on
  runnerly reports run --month YYYY-MM [--user ID] | parked | requeue
                               the monthly reports (runnerly reports --help)
  runnerly --help              this text

Services: ${serviceNames.join(', ')}
Environment: RUNNERLY_BASE_PORT (default 8080; service n listens on base + n), DATA_DIR (default ./data),
             TOKENDEALER_DATABASE_URL (clients commands and bootstrap on PostgreSQL), LOG_LEVEL.
`;

// Commands with options of their own read the rest of the line themselves.
if (process.argv[2] === 'reports')
  process.exit(await (await import('@runnerly/reports')).reportsCommand(process.argv.slice(3)));

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: {
    help: { type: 'boolean', short: 'h' },
    version: { type: 'boolean', short: 'v' },
    scopes: { type: 'string' },
    'user-scopes': { type: 'string' },
    replicas: { type: 'string', multiple: true },
  },
});
const [command, arg, extra] = positionals;

/** The release: the version of @runnerly/runnerly, next to src/ and dist/ alike. */
function runnerlyVersion(): string {
  return (JSON.parse(readFileSync(resolve(import.meta.dirname, '..', 'package.json'), 'utf8')) as { version: string })
    .version;
}

async function tokendealerDb() {
  const { openServiceDatabase } = await import('@runnerly/service-kit');
  const { tokendealerMigrations } = await import('@runnerly/tokendealer');
  return openServiceDatabase<import('@runnerly/tokendealer').TokendealerTables>(
    'tokendealer',
    { databaseUrl: process.env.TOKENDEALER_DATABASE_URL, dataDir: resolve(process.env.DATA_DIR ?? './data') },
    tokendealerMigrations,
  );
}

if (values.version || command === 'version') {
  process.stdout.write(
    `runnerly ${runnerlyVersion()} (Node.js ${process.version}, ${import.meta.url.endsWith('.ts') ? 'sources' : 'compiled'})\n`,
  );
} else if (values.help || !command || command === 'help') {
  process.stdout.write(help);
} else if (command === 'start' && arg) {
  const module = await findService(arg);
  if (!module) {
    process.stderr.write(`unknown service "${arg}"; services: ${serviceNames.join(', ')}\n`);
    process.exit(2);
  }
  const stored = storedCredentials(module.name, process.env);
  await runMain(
    module,
    stored ? { ...process.env, CLIENT_ID: stored.clientId, CLIENT_SECRET: stored.clientSecret } : process.env,
  );
} else if (command === 'setup') {
  const { setup } = await import('./setup.ts');
  await setup(process.env, (line) => process.stdout.write(`${line}\n`));
} else if (command === 'start') {
  const { startEmbedded } = await import('./embedded.ts');
  const system = await startEmbedded().catch((err: Error & { code?: string }) => {
    process.stderr.write(
      err.code === 'EADDRINUSE'
        ? `A port is already in use (${err.message}). Stop the other process or set RUNNERLY_BASE_PORT.\n`
        : `${err.stack ?? err}\n`,
    );
    process.exit(1);
  });
  const width = Math.max(...Object.keys(system.urls).map((n) => n.length));
  process.stdout.write(`\nRunnerly is running (all-in-one, data in ${resolve(process.env.DATA_DIR ?? './data')}).\n`);
  for (const service of system.services) {
    process.stdout.write(
      `  ${service.name.padEnd(width)}  ${service.url}${service.app ? `   API docs: ${service.url}/docs` : ''}\n`,
    );
  }
  if (system.urls.gateway) process.stdout.write(`\nOpen the dashboard: ${system.urls.gateway}\n`);
  process.stdout.write('Press Ctrl+C to stop.\n\n');
  const stop = async () => {
    await system.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop());
  process.once('SIGTERM', () => void stop());
} else if (command === 'up') {
  const { parseReplicas } = await import('./supervise/order.ts');
  const { supervise } = await import('./supervisor.ts');
  let replicas;
  try {
    replicas = parseReplicas(values.replicas ?? [], serviceNames);
  } catch (err) {
    process.stderr.write(`${(err as Error).message}\n`);
    process.exit(2);
  }
  await supervise(process.env, { replicas });
} else if (command === 'status') {
  const { printStatus } = await import('./supervise/status.ts');
  process.exit(await printStatus(resolve(process.env.DATA_DIR ?? './data'), (text) => process.stdout.write(text)));
} else if (command === 'clients') {
  const { listClients, removeClient, upsertClient } = await import('@runnerly/tokendealer');
  const database = await tokendealerDb();
  try {
    if (arg === 'create' && extra) {
      const scopes = (values.scopes ?? '')
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean);
      const userScopes = (values['user-scopes'] ?? '')
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean);
      const { clientId, clientSecret } = await upsertClient(database.db, { clientId: extra, scopes, userScopes });
      process.stdout.write(
        `client_id=${clientId}\nclient_secret=${clientSecret}\n(the secret is shown only now; it is stored hashed)\n`,
      );
    } else if (arg === 'list') {
      for (const c of await listClients(database.db))
        process.stdout.write(
          `${c.clientId}\tscopes: ${c.scopes.join(' ') || '-'}\tuser scopes: ${c.userScopes.join(' ') || '-'}${c.disabled ? '\t(disabled)' : ''}\n`,
        );
    } else if (arg === 'delete' && extra) {
      process.stdout.write((await removeClient(database.db, extra)) ? `deleted ${extra}\n` : `no client ${extra}\n`);
    } else {
      process.stderr.write(help);
      process.exitCode = 2;
    }
  } finally {
    await database.close();
  }
} else {
  process.stderr.write(`unknown command "${command}"\n\n${help}`);
  process.exit(2);
}
