import { createContext, useCallback, useContext, useEffect, useState, type ReactNode } from 'react';
import { api } from './api.ts';
import { useSession } from './session.tsx';
import type { FirstDay } from '@runnerly/calendar';
import type { Units } from './lib/units.ts';

/** What every page needs from the profile: units, time zone, first day of week. */
export interface Prefs {
  units: Units;
  time_zone: string;
  first_day_of_week: FirstDay;
}
export type Profile = Record<string, unknown> & Partial<Prefs> & { email?: string; name?: string | null };

const browserZone = (() => {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
  } catch {
    return 'UTC';
  }
})();
export const defaultPrefs: Prefs = { units: 'km', time_zone: browserZone, first_day_of_week: 'monday' };

interface ProfileState {
  profile: Profile | null;
  prefs: Prefs;
  loading: boolean;
  reload(): Promise<void>;
  setProfile(p: Profile): void;
}
const ProfileContext = createContext<ProfileState | null>(null);

export function prefsOf(p: Profile | null): Prefs {
  return {
    units: p?.units === 'mi' ? 'mi' : 'km',
    time_zone: typeof p?.time_zone === 'string' && p.time_zone ? p.time_zone : defaultPrefs.time_zone,
    first_day_of_week:
      p?.first_day_of_week === 'sunday' || p?.first_day_of_week === 'saturday' ? p.first_day_of_week : 'monday',
  };
}

export function ProfileProvider({ children }: { children: ReactNode }) {
  const { user } = useSession();
  const [profile, setProfile] = useState<Profile | null>(null);
  const [loading, setLoading] = useState(true);
  const reload = useCallback(async () => {
    try {
      const p = await api<Profile & { profile?: Profile }>('GET', '/api/me/profile');
      setProfile(p.profile ?? p);
    } catch {
      setProfile(null); // defaults: km, the browser's zone, Monday
    } finally {
      setLoading(false);
    }
  }, []);
  useEffect(() => {
    if (user) {
      setLoading(true);
      void reload();
    } else {
      setProfile(null);
      setLoading(false);
    }
  }, [user, reload]);
  return (
    <ProfileContext.Provider value={{ profile, prefs: prefsOf(profile), loading, reload, setProfile }}>
      {children}
    </ProfileContext.Provider>
  );
}

export function useProfile(): ProfileState {
  const s = useContext(ProfileContext);
  if (!s) throw new Error('useProfile outside ProfileProvider');
  return s;
}
