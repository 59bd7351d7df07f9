import type { FastifyPluginAsync } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import {
  AccountExport,
  ChangePasswordRequest,
  ErrorBody,
  Profile,
  ProfilePatch,
  UserId,
  accountScopes,
} from '@runnerly/contracts';
import { assertUser } from '@runnerly/service-kit';
import type { AccountsDeps } from '../deps.ts';
import { accountErrors } from '../errors.ts';
import { applyPatch, toProfile } from '../domain/profile.ts';
import { hashPassword, verifyPassword } from '../domain/passwords.ts';
import { retryAfterSeconds } from '../domain/throttle.ts';
import { passwordChangedMail } from '../domain/mails.ts';
import {
  changePassword,
  deleteUser,
  failuresOf,
  findUser,
  recentFailures,
  recordFailure,
  tokensOf,
  updateProfile,
} from '../store.ts';
import { refuseIfThrottled } from './visitors.ts';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody };
const params = Type.Object({ userId: UserId });
const read = { scopes: [accountScopes.accountsRead] };
const write = { scopes: [accountScopes.accountsWrite] };

/** A signed-in runner's own account. A user token reaches only its user; a service token anyone. */
export function userRoutes(deps: AccountsDeps): FastifyPluginAsync {
  async function load(userId: string) {
    const user = await findUser(deps.db, userId);
    if (!user) throw accountErrors.userNotFound();
    return user;
  }

  return async (fastify) => {
    const app = fastify.withTypeProvider<TypeBoxTypeProvider>();

    app.get(
      '/users/:userId/profile',
      {
        config: read,
        schema: { summary: "A user's profile", tags: ['users'], params, response: { 200: Profile, ...errors } },
      },
      async (request) => {
        assertUser(request.auth, request.params.userId);
        return toProfile(await load(request.params.userId), deps.now());
      },
    );

    app.patch(
      '/users/:userId/profile',
      {
        config: write,
        schema: {
          summary: "Change a user's profile",
          tags: ['users'],
          description:
            'Only the fields sent change; `null` clears one. `age` sets `birth_year`. `time_zone` must be an IANA name.',
          params,
          body: ProfilePatch,
          response: { 200: Profile, ...errors },
        },
      },
      async (request) => {
        assertUser(request.auth, request.params.userId);
        const user = await load(request.params.userId);
        const now = deps.now();
        const decided = applyPatch(user, request.body, now);
        if ('problems' in decided) throw accountErrors.invalidProfile(decided.problems);
        const updated = await updateProfile(deps.db, user.id, decided.changes, now);
        if (!updated) throw accountErrors.userNotFound();
        return toProfile(updated, now);
      },
    );

    app.post(
      '/users/:userId/password',
      {
        config: write,
        schema: {
          summary: "Change a user's password",
          tags: ['users'],
          description:
            'Needs the current password (wrong ones count towards login throttling). Outstanding reset links stop working. A weak new password gets 400 `weak_password`.',
          params,
          body: ChangePasswordRequest,
          response: { 204: Type.Null(), ...errors, 429: ErrorBody },
        },
      },
      async (request, reply) => {
        assertUser(request.auth, request.params.userId);
        const user = await load(request.params.userId);
        const now = deps.now();
        const failures = await recentFailures(deps.db, user.email, 'password-change', now);
        refuseIfThrottled(reply, retryAfterSeconds(failures.client, failures.account, now.getTime()));
        if (!(await verifyPassword(user.password_hash, request.body.current_password))) {
          await recordFailure(deps.db, user.email, 'password-change', deps.now());
          throw accountErrors.wrongPassword();
        }
        const verdict = await deps.judgePassword(request.body.new_password, user);
        if (!verdict.ok) throw accountErrors.weakPassword(verdict.message);
        await changePassword(deps.db, user.id, await hashPassword(request.body.new_password), deps.now());
        deps.sendLater(passwordChangedMail(user.email, `${deps.dashboardUrl}/forgot-password`));
        return reply.status(204).send(null);
      },
    );

    app.delete(
      '/users/:userId',
      {
        config: write,
        schema: {
          summary: 'Delete an account',
          tags: ['users'],
          description:
            'Removes the user and publishes `account.deleted` (same transaction, through the outbox): the other services then delete what they hold.',
          params,
          response: { 204: Type.Null(), ...errors },
        },
      },
      async (request, reply) => {
        assertUser(request.auth, request.params.userId);
        if (!(await deleteUser(deps.db, request.params.userId))) throw accountErrors.userNotFound();
        deps.relay.nudge();
        return reply.status(204).send(null);
      },
    );

    app.get(
      '/users/:userId/export',
      {
        config: read,
        schema: {
          summary: 'Everything the accounts service holds about a user (no password or token hashes)',
          tags: ['users'],
          params,
          response: { 200: AccountExport, ...errors },
        },
      },
      async (request) => {
        assertUser(request.auth, request.params.userId);
        const user = await load(request.params.userId);
        const now = deps.now();
        return {
          exported_at: now.toISOString(),
          profile: toProfile(user, now),
          tokens: await tokensOf(deps.db, user.id),
          failed_logins: await failuresOf(deps.db, user.email),
        };
      },
    );
  };
}
