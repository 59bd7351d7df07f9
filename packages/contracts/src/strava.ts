import { Type, type Static } from '@sinclair/typebox';

/** Scopes of the strava service. A user token reaches only its own link. */
export const stravaScopes = {
  stravaRead: 'strava:read',
  stravaWrite: 'strava:write',
} as const;

/** Jobs (work queues) and what the strava service's worker reacts to. */
export const stravaQueues = {
  /** `{ user_id }` or `{}`: there is Strava work to do (a link, a webhook event, a poll); the database says what. */
  sync: 'strava.sync',
} as const;

export const StravaLinkReply = Type.Object({
  authorize_url: Type.String({ description: "Send the runner's browser here (Strava, or the simulator)" }),
});
export type StravaLinkReply = Static<typeof StravaLinkReply>;

export const StravaSyncState = Type.Union(['syncing', 'idle', 'needs_reauth', 'unlinked'].map((s) => Type.Literal(s)));

export const StravaStatus = Type.Object({
  linked: Type.Boolean(),
  athlete: Type.Union([
    Type.Object({
      id: Type.String({ description: 'Strava athlete id (64-bit, decimal)' }),
      firstname: Type.Union([Type.String(), Type.Null()]),
      lastname: Type.Union([Type.String(), Type.Null()]),
      profile: Type.Union([Type.String(), Type.Null()]),
    }),
    Type.Null(),
  ]),
  state: StravaSyncState,
  scope: Type.Union([Type.String(), Type.Null()], { description: 'Scopes the runner granted' }),
  imported: Type.Integer({ description: 'Runs imported so far' }),
  total_estimate: Type.Union([Type.Integer(), Type.Null()], {
    description: 'Activities expected in the history (runs and others), when known',
  }),
  pages_done: Type.Integer(),
  backfill_done: Type.Boolean(),
  last_sync_at: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  eta_seconds: Type.Union([Type.Integer(), Type.Null()], {
    description: 'Estimated seconds until the history is imported, given the app-wide rate limit',
  }),
  error: Type.Union([Type.Object({ code: Type.String(), message: Type.String() }), Type.Null()], {
    description: 'Something the runner can act on',
  }),
  rejected: Type.Array(
    Type.Object({
      activity_id: Type.String({ description: 'Strava activity id (64-bit, decimal)' }),
      name: Type.String(),
      start_time: Type.Union([Type.String(), Type.Null()]),
      reason: Type.String({ description: 'Why it could not be stored, in words the runner can act on' }),
      rejected_at: Type.String({ format: 'date-time' }),
    }),
    {
      maxItems: 100,
      description:
        'Strava activities that could not be stored as runs (newest first, at most 100): the others were imported',
    },
  ),
  rejected_count: Type.Integer({ description: 'All rejected activities (the list shows at most 100)' }),
  charts: Type.Object(
    {
      done: Type.Integer({
        description: 'Imported runs whose streams (charts) are fetched or settled (Strava has none)',
      }),
      total: Type.Integer({ description: "Imported runs whose streams are wanted (all, or the operator's cap)" }),
    },
    { description: 'Streams are fetched newest first from spare rate-limit budget, over the whole history' },
  ),
});
export type StravaStatus = Static<typeof StravaStatus>;

export const StravaUnlinkReply = Type.Object({
  unlinked: Type.Boolean(),
  revoked: Type.Boolean({ description: 'Strava confirmed the grant is revoked (or had already ended it)' }),
  revoke_error: Type.Union([Type.String(), Type.Null()], { description: 'What went wrong revoking, in words' }),
  deleted_runs: Type.Integer({ description: 'Runs deleted: Strava was their only source' }),
  kept_runs: Type.Integer({ description: 'Runs kept because a file also backs them (they lost the Strava source)' }),
});
export type StravaUnlinkReply = Static<typeof StravaUnlinkReply>;

/**
 * A runner's own Strava API application (Strava's access tiers allow a few athletes per
 * application): registered before linking, used for the link's OAuth and its own rate budget.
 */
export const StravaAppBody = Type.Object(
  {
    client_id: Type.String({ pattern: '^[0-9]{1,12}$', description: "The application's Client ID (digits)" }),
    client_secret: Type.String({
      pattern: '^[0-9a-fA-F]{40}$',
      description: "The application's Client Secret (40 hexadecimal characters); never returned",
    }),
  },
  { additionalProperties: false },
);
export type StravaAppBody = Static<typeof StravaAppBody>;

export const StravaAppReply = Type.Object({
  own_app: Type.Boolean({ description: "The runner registered their own application (else the instance's is used)" }),
  client_id: Type.Union([Type.String(), Type.Null()], { description: 'The own application’s Client ID' }),
  secret_set: Type.Boolean({ description: 'A secret is stored (sealed); it is never shown again' }),
  in_use: Type.Boolean({
    description: 'The current Strava link was made with this application (it cannot be removed while linked)',
  }),
});
export type StravaAppReply = Static<typeof StravaAppReply>;
