import { Type, type Static } from '@sinclair/typebox';
import { Nullable, UserId } from './common.ts';

/** Who the browser is signed in as (what the gateway's session holds). */
export const SessionUser = Type.Object(
  { id: UserId, email: Type.String(), name: Nullable(Type.String()) },
  { additionalProperties: true },
);
export type SessionUser = Static<typeof SessionUser>;

/**
 * `GET /api/session`: always 200. `user` is null when signed out (not an error: every
 * logged-out page asks). `mailbox` says whether the development mailbox is on, so the
 * dashboard's navigation needs no call of its own to find out.
 */
export const SessionState = Type.Object(
  {
    signed_in: Type.Boolean(),
    user: Nullable(SessionUser),
    mailbox: Type.Boolean({ description: 'The development mailbox (embedded mode) is available at /mailbox' }),
    map_tiles: Nullable(
      Type.Object({
        url: Type.String({ description: 'Tile URL template with {z}, {x}, {y}' }),
        attribution: Type.String(),
      }),
      { description: 'Map tiles under routes; null: routes are drawn without a map (offline installs)' },
    ),
  },
  { additionalProperties: false },
);
export type SessionState = Static<typeof SessionState>;
