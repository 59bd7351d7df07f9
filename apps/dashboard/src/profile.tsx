import type { Profile as ProfileBody } from '@runnerly/contracts';
import type { FirstDay } from '@runnerly/calendar';
import type { Units } from './lib/units.ts';
import { queryClient, useGet } from './query.ts';
import { useSession } from './session.tsx';

/** What every page needs from the profile: units, time zone, first day of week. */
export interface Prefs {
  units: Units;
  time_zone: string;
  first_day_of_week: FirstDay;
}
export type Profile = Partial<ProfileBody> & { email?: string; name?: string | null };

/** The browser's IANA zone ('' when it cannot say). */
export const browserZone = (() => {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || '';
  } catch {
    return '';
  }
})();
export const defaultPrefs: Prefs = { units: 'km', time_zone: browserZone || 'UTC', first_day_of_week: 'monday' };

export function prefsOf(p: Profile | null | undefined): Prefs {
  return {
    units: p?.units === 'mi' ? 'mi' : 'km',
    time_zone: typeof p?.time_zone === 'string' && p.time_zone ? p.time_zone : defaultPrefs.time_zone,
    first_day_of_week:
      p?.first_day_of_week === 'sunday' || p?.first_day_of_week === 'saturday' ? p.first_day_of_week : 'monday',
  };
}

const PROFILE = '/api/me/profile';

interface ProfileState {
  profile: Profile | null;
  prefs: Prefs;
  /** True until the signed-in runner's profile is known: pages wait for it (their zone and units). */
  loading: boolean;
  reload(): Promise<void>;
  setProfile(p: Profile): void;
}

/** The signed-in runner's profile, from the one cached `GET /api/me/profile` (defaults when it fails). */
export function useProfile(): ProfileState {
  const { user } = useSession();
  const q = useGet<Profile & { profile?: Profile }>(user ? PROFILE : null, { staleTime: 5 * 60_000 });
  const profile = q.data ? (q.data.profile ?? q.data) : null;
  return {
    profile,
    prefs: prefsOf(profile),
    loading: !!user && q.isPending,
    reload: async () => {
      await q.refetch();
    },
    setProfile: (p) => queryClient.setQueryData(['api', 'me', 'profile'], p),
  };
}
