import { isValidTimeZone } from '@runnerly/calendar';
import type { Profile } from '@runnerly/contracts';
import { AppError } from './errors.ts';
import type { ServiceClient } from './http-client.ts';

/**
 * The runner's profile zone, from the accounts service (the caller's own token, accounts:read):
 * the zone of a run whose source says neither where nor at what clock offset it was run.
 * Without an accounts service (`ACCOUNTS_URL` unset, a partial test system) or for a user it
 * no longer knows, `fallback`. Any other answer throws, so the work is retried.
 */
export function profileZones(
  accounts: Pick<ServiceClient, 'get'> | null,
  fallback: string,
): (userId: string) => Promise<string> {
  return async (userId) => {
    if (!accounts) return fallback;
    const res = await accounts.get<Partial<Profile>>(`/users/${encodeURIComponent(userId)}/profile`);
    if (res.status === 404) return fallback;
    if (res.status !== 200)
      throw new AppError(502, 'upstream_error', `accounts answered ${res.status} for the runner's profile`);
    const zone = res.body.time_zone;
    return typeof zone === 'string' && isValidTimeZone(zone) ? zone : fallback;
  };
}
