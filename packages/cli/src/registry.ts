import type { ServiceModule } from '@runnerly/service-kit';
import { tokendealer } from '@runnerly/tokendealer';
import { data } from '@runnerly/data';
import { stravaSimService } from '@runnerly/strava-sim';

/**
 * Every service, in start order (the token dealer first: the others fetch its keys).
 * `offset` places each one on RUNNERLY_BASE_PORT + offset in the all-in-one mode.
 */
export const services: Array<{ module: ServiceModule; offset: number }> = [
  { module: tokendealer, offset: 1 },
  { module: data, offset: 3 },
  { module: stravaSimService, offset: 10 },
];

export function findService(name: string): ServiceModule | undefined {
  return services.find((s) => s.module.name === name)?.module;
}
