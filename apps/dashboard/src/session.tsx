import type { SessionState, SessionUser } from '@runnerly/contracts';
import { queryClient, useGet } from './query.ts';

export type User = SessionUser;
const SESSION = '/api/session';

interface Session {
  user: User | null;
  loading: boolean;
  /** The development mailbox is on (embedded mode): from the session answer, no call of its own. */
  mailbox: boolean;
  /** Map tiles under routes, as the operator set them; null: routes without a map. */
  mapTiles: SessionState['map_tiles'];
  refresh(): Promise<void>;
  setUser(u: User | null): void;
}

/** Who is signed in, from the one cached `GET /api/session` (always 200; `user` null when signed out). */
export function useSession(): Session {
  const q = useGet<SessionState>(SESSION, { staleTime: 5 * 60_000 });
  return {
    user: q.data?.user ?? null,
    loading: q.isPending,
    mailbox: q.data?.mailbox ?? false,
    mapTiles: q.data?.map_tiles ?? null,
    refresh: async () => {
      await q.refetch();
    },
    setUser,
  };
}

/** After logging in or out: the session is known without asking, and nothing of another user stays cached. */
export function setUser(user: User | null): void {
  const known = queryClient.getQueryData<SessionState>(['api', 'session']);
  queryClient.removeQueries({ predicate: (q) => q.queryKey.join('/') !== 'api/session' });
  queryClient.setQueryData<SessionState>(['api', 'session'], {
    signed_in: !!user,
    user,
    mailbox: known?.mailbox ?? false,
    map_tiles: known?.map_tiles ?? null,
  });
}
