import type { Env, ServiceModule } from '@runnerly/service-kit';
import { tokendealer } from '@runnerly/tokendealer';
import { data } from '@runnerly/data';
import { stravaSimService } from '@runnerly/strava-sim';
import { accounts } from '@runnerly/accounts';
import { strava } from '@runnerly/strava';
import { imports } from '@runnerly/imports';
import { gateway } from '@runnerly/gateway';

/**
 * Every service, in start order (the token dealer first: the others fetch its keys).
 * `offset` places each one on RUNNERLY_BASE_PORT + offset in the all-in-one mode.
 */
export interface ServiceEntry {
  module: ServiceModule;
  offset: number;
  /** Run it only when this holds (default: always). */
  when?: (env: Env) => boolean;
}

export const services: ServiceEntry[] = [
  { module: tokendealer, offset: 1 },
  { module: accounts, offset: 2 },
  { module: data, offset: 3 },
  // The simulator stands in for Strava until real credentials are configured.
  { module: stravaSimService, offset: 10, when: (env) => !env.STRAVA_CLIENT_ID },
  { module: strava, offset: 4 },
  { module: imports, offset: 5 },
  { module: gateway, offset: 0 },
];

/** The services to run with this environment. */
export function activeServices(env: Env): ServiceEntry[] {
  return services.filter((s) => s.when?.(env) ?? true);
}

export function findService(name: string): ServiceModule | undefined {
  return services.find((s) => s.module.name === name)?.module;
}
