// Strava's webhook: the subscription challenge answered at once; events stored (deduplicated)
// and acknowledged at once; the worker handles them before any backfill.
import type { FastifyPluginAsync } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { stravaQueues } from '@runnerly/contracts';
import type { StravaDeps } from '../deps.ts';

const Event = Type.Object({
  object_type: Type.String({ maxLength: 40 }),
  object_id: Type.Union([Type.Integer(), Type.String({ pattern: '^[0-9]{1,20}$' })]),
  aspect_type: Type.String({ maxLength: 40 }),
  owner_id: Type.Union([Type.Integer(), Type.String({ pattern: '^[0-9]{1,20}$' })]),
  subscription_id: Type.Optional(Type.Union([Type.Integer(), Type.String({ maxLength: 40 })])),
  event_time: Type.Integer(),
  updates: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
});

export function webhookRoutes(deps: StravaDeps): FastifyPluginAsync {
  return async (fastify) => {
    const app = fastify.withTypeProvider<TypeBoxTypeProvider>();

    app.get(
      '/webhook',
      {
        config: { public: true },
        schema: {
          summary: 'Strava subscription challenge',
          tags: ['strava'],
          security: [],
          querystring: Type.Object({
            'hub.mode': Type.String(),
            'hub.challenge': Type.String({ maxLength: 200 }),
            'hub.verify_token': Type.String({ maxLength: 200 }),
          }),
        },
      },
      async (request, reply) => {
        const q = request.query;
        const expected = deps.settings.webhookVerifyToken;
        if (q['hub.mode'] !== 'subscribe' || !expected || q['hub.verify_token'] !== expected) {
          return reply.status(403).send({ code: 'forbidden', message: 'Unknown verify token.' });
        }
        return { 'hub.challenge': q['hub.challenge'] };
      },
    );

    app.post(
      '/webhook',
      {
        config: { public: true },
        schema: {
          summary: 'Strava events (acknowledged at once, handled by the worker)',
          tags: ['strava'],
          security: [],
          body: Event,
        },
      },
      async (request, reply) => {
        const e = request.body;
        const expectedSub = deps.settings.webhookSubscriptionId;
        if (expectedSub && e.subscription_id !== undefined && String(e.subscription_id) !== expectedSub) {
          return reply.status(403).send({ code: 'forbidden', message: 'Unknown subscription.' });
        }
        const athleteId = String(e.owner_id);
        const updates = e.updates ?? {};
        if (e.object_type === 'athlete' && String(updates.authorized) === 'false') {
          // Deauthorized at Strava: the tokens are dead; forget them now (the imported runs stay).
          await deps.db.deleteFrom('strava_links').where('athlete_id', '=', athleteId).execute();
          return { received: true };
        }
        const dedupe = [e.object_type, e.object_id, e.aspect_type, e.event_time, JSON.stringify(updates)]
          .join(':')
          .slice(0, 500);
        const inserted = await deps.db
          .insertInto('strava_events')
          .values({
            dedupe_key: dedupe,
            athlete_id: athleteId,
            object_type: e.object_type,
            object_id: String(e.object_id),
            aspect_type: e.aspect_type,
            updates: JSON.stringify(updates),
            event_time: e.event_time,
            received_at: new Date().toISOString(),
            processed_at: null,
            attempts: 0,
          })
          .onConflict((oc) => oc.column('dedupe_key').doNothing())
          .returning('id')
          .executeTakeFirst();
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
