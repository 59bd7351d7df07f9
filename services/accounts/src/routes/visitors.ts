import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import {
  Accepted,
  ActivateRequest,
  ActivateResponse,
  ErrorBody,
  ForgotPasswordRequest,
  LoginRequest,
  LoginResponse,
  ResetPasswordRequest,
  ResetPasswordResponse,
  MAILBOX_TAG_HEADER,
  SignupRequest,
  accountScopes,
} from '@runnerly/contracts';
import { knownZone } from '@runnerly/calendar';
import type { AccountsDeps } from '../deps.ts';
import { accountErrors } from '../errors.ts';
import { isPlausibleEmail, normaliseEmail } from '../domain/email.ts';
import { dummyHash, hashPassword, verifyPassword } from '../domain/passwords.ts';
import { hashToken } from '../domain/tokens.ts';
import { alertsRunner, retryAfterSeconds } from '../domain/throttle.ts';
import { toAccountUser } from '../domain/profile.ts';
import {
  activationMail,
  failedLoginsMail,
  passwordChangedMail,
  resetMail,
  signupAttemptMail,
} from '../domain/mails.ts';
import {
  activate,
  clearAccountFailures,
  createResetToken,
  findUserByEmail,
  isUsableToken,
  recentFailures,
  recordFailure,
  resetPassword,
  signUp,
} from '../store.ts';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody };
const config = { scopes: [accountScopes.accountsLogin] };

/** What a visitor does before having a session; the gateway calls these with its service token. */
export function visitorRoutes(deps: AccountsDeps): FastifyPluginAsync {
  const link = (path: string, token: string) => `${deps.dashboardUrl}${path}?token=${encodeURIComponent(token)}`;
  const forgotLink = () => `${deps.dashboardUrl}/forgot-password`;

  return async (fastify) => {
    const app = fastify.withTypeProvider<TypeBoxTypeProvider>();

    app.post(
      '/signup',
      {
        config,
        schema: {
          summary: 'Sign up',
          tags: ['visitors'],
          description:
            'Always 202, whether or not the address has an account (no account enumeration). A new address gets an activation link (24 h, single use); an address that has an account gets a notice instead (and keeps its settings). `time_zone` (the browser zone) is the zone of a new account, UTC when absent or unknown to the server. A weak password (common or breached, built on the address or name, or guessed in under 10^8 tries) gets 400 `weak_password` saying why.',
          body: SignupRequest,
          response: { 202: Accepted, ...errors },
        },
      },
      async (request, reply) => {
        const email = normaliseEmail(request.body.email);
        if (!isPlausibleEmail(email)) throw accountErrors.invalidEmail();
        const verdict = await deps.judgePassword(request.body.password, { email, name: request.body.name });
        if (!verdict.ok) throw accountErrors.weakPassword(verdict.message);
        const passwordHash = await hashPassword(request.body.password);
        const outcome = await signUp(
          deps.db,
          {
            email,
            passwordHash,
            name: request.body.name?.trim() || null,
            // The browser's zone; one this server's zone database does not know starts the account in UTC.
            timeZone: knownZone(request.body.time_zone ?? 'UTC'),
          },
          deps.now(),
        );
        if (outcome.kind === 'created') {
          deps.sendLater({
            ...activationMail(email, outcome.user.name, link('/activate', outcome.activationToken)),
            tag: mailboxTag(request),
          });
        } else {
          deps.sendLater(
            signupAttemptMail(
              email,
              forgotLink(),
              outcome.activationToken && link('/activate', outcome.activationToken),
            ),
          );
        }
        return reply
          .status(202)
          .send({ message: 'Check your mailbox: we have sent a mail to this address with what to do next.' });
      },
    );

    app.post(
      '/activate',
      {
        config,
        schema: {
          summary: 'Activate an account with the token from its mail',
          tags: ['visitors'],
          body: ActivateRequest,
          response: { 200: ActivateResponse, ...errors },
        },
      },
      async (request) => {
        const userId = await activate(deps.db, hashToken(request.body.token), deps.now());
        if (!userId) throw accountErrors.invalidToken();
        return { user_id: userId };
      },
    );

    app.post(
      '/login',
      {
        config,
        schema: {
          summary: 'Check an email and password',
          tags: ['visitors'],
          description:
            'The same 401 for an unknown email and a wrong password. After 5 failures for an account from one client (`ip`) within 15 minutes, that client gets 429 until the window slides; after 10 failures for an account from anywhere, every attempt waits (1 s, doubling, up to a minute) and the runner gets a mail. 429 carries `retry_after` (seconds).',
          body: LoginRequest,
          response: { 200: LoginResponse, ...errors, 429: ErrorBody },
        },
      },
      async (request, reply) => {
        const email = normaliseEmail(request.body.email);
        const { ip } = request.body;
        const now = deps.now();
        const failures = await recentFailures(deps.db, email, ip, now);
        refuseIfThrottled(reply, retryAfterSeconds(failures.client, failures.account, now.getTime()));
        const user = await findUserByEmail(deps.db, email);
        const ok = await verifyPassword(user?.password_hash ?? (await dummyHash()), request.body.password);
        if (!user || !ok) {
          await recordFailure(deps.db, email, ip, deps.now());
          if (user && alertsRunner(failures.account.length)) deps.sendLater(failedLoginsMail(email, forgotLink()));
          throw accountErrors.invalidCredentials();
        }
        if (!user.activated_at) throw accountErrors.notActivated();
        if (failures.account.length) await clearAccountFailures(deps.db, email);
        return { user: toAccountUser(user) };
      },
    );

    app.post(
      '/password/forgot',
      {
        config,
        schema: {
          summary: 'Mail a password reset link',
          tags: ['visitors'],
          description:
            'Always 202 (no account enumeration). An address with an account gets a link valid once, for one hour.',
          body: ForgotPasswordRequest,
          response: { 202: Accepted, ...errors },
        },
      },
      async (request, reply) => {
        const email = normaliseEmail(request.body.email);
        const user = isPlausibleEmail(email) ? await findUserByEmail(deps.db, email) : undefined;
        if (user)
          deps.sendLater({
            ...resetMail(email, link('/reset-password', await createResetToken(deps.db, user.id, deps.now()))),
            tag: mailboxTag(request),
          });
        return reply
          .status(202)
          .send({ message: 'If this address has an account, we have sent it a link to choose a new password.' });
      },
    );

    app.post(
      '/password/reset',
      {
        config,
        schema: {
          summary: 'Choose a new password with the token from the reset mail',
          tags: ['visitors'],
          description:
            "The token works once; the account's other reset links stop working. Also activates an account not activated yet. A weak password gets 400 `weak_password`.",
          body: ResetPasswordRequest,
          response: { 200: ResetPasswordResponse, ...errors },
        },
      },
      async (request) => {
        const tokenHash = hashToken(request.body.token);
        // Cheap check first: no 240 ms hash for a dead link.
        if (!(await isUsableToken(deps.db, tokenHash, 'reset', deps.now()))) throw accountErrors.invalidToken();
        const verdict = await deps.judgePassword(request.body.password);
        if (!verdict.ok) throw accountErrors.weakPassword(verdict.message);
        const passwordHash = await hashPassword(request.body.password);
        const user = await resetPassword(deps.db, tokenHash, passwordHash, deps.now());
        if (!user) throw accountErrors.invalidToken();
        deps.sendLater(passwordChangedMail(user.email, forgotLink()));
        return { user_id: user.id };
      },
    );
  };
}

const tagPattern = /^[A-Za-z0-9_-]{22,64}$/;

/** The asking browser's mailbox tag (the gateway's header), kept with the mail it causes. */
function mailboxTag(request: FastifyRequest): string | undefined {
  const tag = request.headers[MAILBOX_TAG_HEADER];
  return typeof tag === 'string' && tagPattern.test(tag) ? tag : undefined;
}

export function refuseIfThrottled(reply: FastifyReply, retryAfter: number): void {
  if (retryAfter <= 0) return;
  void reply.header('retry-after', String(retryAfter));
  throw accountErrors.tooManyAttempts(retryAfter);
}
