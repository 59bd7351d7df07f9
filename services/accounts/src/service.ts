import { Type } from '@sinclair/typebox';
import { accountScopes } from '@runnerly/contracts';
import {
  baseConfig,
  clientConfig,
  connectBus,
  createService,
  createVerifier,
  listen,
  loadConfig,
  openServiceDatabase,
  startRelay,
  type ServiceModule,
} from '@runnerly/service-kit';
import { createMailer } from '@runnerly/mail';
import { accountsApp } from './app.ts';
import { backgroundSender, type AccountsDeps } from './deps.ts';
import { dummyHash } from './domain/passwords.ts';
import { createPasswordChecker } from './password-checker.ts';
import { migrations } from './migrations.ts';
import type { AccountsTables } from './tables.ts';

export const accountsConfig = {
  ...baseConfig,
  ...clientConfig,
  PORT: Type.Integer({ minimum: 0, maximum: 65535, default: 8082 }),
  DASHBOARD_URL: Type.String({
    pattern: '^https?://',
    default: 'http://127.0.0.1:8080',
    description: 'Public URL of the dashboard: base of the links in mails',
  }),
  SMTP_URL: Type.Optional(
    Type.String({
      pattern: '^smtps?://',
      description: 'SMTP server; the development mailbox under DATA_DIR when unset',
    }),
  ),
  MAIL_FROM: Type.String({
    minLength: 3,
    default: 'Runnerly <no-reply@runnerly.local>',
    description: 'Sender of every mail',
  }),
};

export const accounts: ServiceModule = {
  name: 'accounts',
  description: 'Users and credentials: sign-up, activation, login, password reset, profile, deletion, export',
  defaultPort: 8082,
  clientScopes: [],
  async start({ env, bus: sharedBus, logger }) {
    const config = loadConfig('accounts', accountsConfig, env);
    const database = await openServiceDatabase<AccountsTables>(
      'accounts',
      { databaseUrl: config.DATABASE_URL, dataDir: config.DATA_DIR },
      migrations,
    );
    const { bus, owned } = connectBus('accounts', config.AMQP_URL, sharedBus, logger!);
    const relay = startRelay('accounts', database, bus, logger!);
    const dashboardUrl = config.DASHBOARD_URL.replace(/\/+$/, '');
    const verbose = ['info', 'debug', 'trace'].includes(config.LOG_LEVEL);
    const mailer = createMailer({
      smtpUrl: config.SMTP_URL,
      dataDir: config.DATA_DIR,
      from: config.MAIL_FROM,
      logger,
      mailboxUrl: `${dashboardUrl}/mailbox`,
      notify: verbose ? (line) => console.log(line) : () => {},
    });
    const sender = backgroundSender(mailer, logger!);
    const passwords = createPasswordChecker();
    const deps: AccountsDeps = {
      db: database.db,
      relay,
      mailer,
      sendLater: sender.sendLater,
      dashboardUrl,
      logger: logger!,
      now: () => new Date(),
      judgePassword: passwords.judge,
    };
    await dummyHash();
    const verifier = createVerifier({
      jwksUrl: `${config.TOKENDEALER_URL}/.well-known/jwks.json`,
      issuer: config.TOKEN_ISSUER,
    });
    const app = await createService({
      name: 'accounts',
      logger,
      logLevel: config.LOG_LEVEL,
      publicUrl: config.PUBLIC_URL,
      description: `Users and credentials. Scopes: \`${accountScopes.accountsLogin}\` (sign-up, activation, login, reset: the gateway), \`${accountScopes.accountsRead}\`, \`${accountScopes.accountsWrite}\`. A service token acts for any user; a user token only for its own user.`,
      routes: accountsApp(deps, verifier),
      checks: { database: () => database.ping(), bus: () => bus.ping() },
    });
    const url = await listen(app, config.PORT, config.HOST);
    return {
      name: 'accounts',
      url,
      app,
      async close() {
        await app.close();
        await sender.drain();
        await mailer.close();
        await passwords.close();
        await relay.stop();
        if (owned) await bus.close();
        await database.close();
      },
    };
  },
};
