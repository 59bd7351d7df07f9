// Strava's webhook. Strava does not sign its events, so an event is only a hint: it must come
// to the callback path holding this instance's secret, carry our subscription's id, and fit the
// endpoint's rate limit; it is then stored (deduplicated) and the worker re-reads the activity or
// athlete with that athlete's own token and acts on what Strava says, never on the event's content.
import { timingSafeEqual } from 'node:crypto';
import type { FastifyPluginAsync } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { ErrorBody, stravaQueues } from '@runnerly/contracts';
import type { StravaDeps } from '../deps.ts';
import { stravaErrors } from '../errors.ts';
import { windowLimit } from '../domain/window-limit.ts';
import { recordEvent } from '../store.ts';

const Id = Type.Union([Type.Integer({ minimum: 0 }), Type.String({ pattern: '^[0-9]{1,20}$' })]);

const Event = Type.Object({
  object_type: Type.String({ maxLength: 40 }),
  object_id: Id,
  aspect_type: Type.String({ maxLength: 40 }),
  owner_id: Id,
  subscription_id: Id,
  event_time: Type.Integer(),
  updates: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
});

const Secret = Type.Object({ secret: Type.String({ maxLength: 200 }) });

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

export function webhookRoutes(deps: StravaDeps): FastifyPluginAsync {
  return async (fastify) => {
    const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
    const limit = windowLimit(deps.settings.webhookRatePerMinute, 60_000);

    app.get(
      '/webhook/:secret',
      {
        config: { public: true },
        schema: {
          summary: 'Strava subscription challenge (at the callback path holding the secret)',
          tags: ['strava'],
          security: [],
          params: Secret,
          querystring: Type.Object({
            'hub.mode': Type.String(),
            'hub.challenge': Type.String({ maxLength: 200 }),
            'hub.verify_token': Type.String({ maxLength: 200 }),
          }),
          response: { 200: Type.Object({ 'hub.challenge': Type.String() }), 403: ErrorBody, 404: ErrorBody },
        },
      },
      async (request) => {
        if (!sameSecret(request.params.secret, deps.settings.webhookPathSecret)) throw stravaErrors.noSuchHook();
        const q = request.query;
        const expected = deps.settings.webhookVerifyToken;
        if (q['hub.mode'] !== 'subscribe' || !expected || q['hub.verify_token'] !== expected)
          throw stravaErrors.badVerifyToken();
        return { 'hub.challenge': q['hub.challenge'] };
      },
    );

    app.post(
      '/webhook/:secret',
      {
        config: { public: true },
        schema: {
          summary: 'Strava events: stored and acknowledged at once; the worker re-reads what they point at',
          tags: ['strava'],
          security: [],
          params: Secret,
          body: Event,
          response: {
            200: Type.Object({ received: Type.Boolean() }),
            400: ErrorBody,
            403: ErrorBody,
            404: ErrorBody,
            429: ErrorBody,
          },
        },
      },
      async (request) => {
        if (!sameSecret(request.params.secret, deps.settings.webhookPathSecret)) throw stravaErrors.noSuchHook();
        if (!limit.take(Date.now())) throw stravaErrors.tooManyEvents();
        const e = request.body;
        const subscription = await deps.subscription.current();
        if (!subscription || String(e.subscription_id) !== subscription) throw stravaErrors.unknownSubscription();
        const athleteId = String(e.owner_id);
        const inserted = await recordEvent(deps.db, {
          athleteId,
          objectType: e.object_type,
          objectId: String(e.object_id),
          aspectType: e.aspect_type,
          eventTime: e.event_time,
          updates: e.updates ?? {},
        });
        if (inserted) {
          deps.wake();
          void deps.bus
            .enqueue(stravaQueues.sync, { athlete_id: athleteId })
            .catch((err: unknown) => request.log.warn({ err }, 'could not queue the event'));
        }
        return { received: true };
      },
    );
  };
}
