import { Type, type Static } from '@sinclair/typebox';
import { IsoDateTime, Nullable } from './common.ts';

/** One signed-in browser of a runner (the gateway's session store), without its secret cookie. */
export const SessionInfo = Type.Object({
  id: Type.String({ description: 'Public id of the session (not its cookie)' }),
  created_at: IsoDateTime,
  last_seen_at: IsoDateTime,
  expires_at: Type.String({ format: 'date-time', description: 'When it ends at the latest (absolute expiry)' }),
  ip: Nullable(Type.String()),
  user_agent: Nullable(Type.String()),
  current: Type.Boolean({ description: 'The session of this request' }),
});
export type SessionInfo = Static<typeof SessionInfo>;

export const SessionList = Type.Object({ sessions: Type.Array(SessionInfo) });
export type SessionList = Static<typeof SessionList>;
