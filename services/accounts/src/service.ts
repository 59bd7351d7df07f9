import { Type } from '@sinclair/typebox';
import { accountScopes } from '@runnerly/contracts';
import { defineService } from '@runnerly/service-kit';
import { createMailer } from '@runnerly/mail';
import { accountsApp } from './app.ts';
import { backgroundSender, type AccountsDeps } from './deps.ts';
import { dummyHash } from './domain/passwords.ts';
import { accountsSubscriptions } from './events.ts';
import { createPasswordChecker } from './password-checker.ts';
import { migrations } from './migrations.ts';
import type { AccountsTables } from './tables.ts';

const settings = {
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

export const accounts = defineService<typeof settings, AccountsTables>({
  name: 'accounts',
  description: 'Users and credentials: sign-up, activation, login, password reset, profile, deletion, export',
  defaultPort: 8082,
  config: settings,
  migrations,
  bus: true,
  outbox: true,
  async setup({ config, database, relay, verifier, logger, onClose }) {
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
    const sender = backgroundSender(mailer, logger);
    const passwords = createPasswordChecker();
    onClose(() => passwords.close());
    onClose(() => mailer.close());
    onClose(() => sender.drain());
    const deps: AccountsDeps = {
      db: database.db,
      relay,
      mailer,
      mailboxDataDir: config.SMTP_URL ? null : config.DATA_DIR,
      sendLater: sender.sendLater,
      dashboardUrl,
      logger,
      now: () => new Date(),
      judgePassword: passwords.judge,
    };
    await dummyHash();
    return {
      docs: `Users and credentials. Scopes: \`${accountScopes.accountsLogin}\` (sign-up, activation, login, reset: the gateway), \`${accountScopes.accountsRead}\`, \`${accountScopes.accountsWrite}\`. A service token acts for any user; a user token only for its own user.`,
      routes: accountsApp(deps, verifier),
      subscriptions: accountsSubscriptions(deps),
    };
  },
});
