import type { ServiceModule } from '@runnerly/service-kit';
import { readSimConfig } from './config.ts';
import { startStravaSim } from './index.ts';

/** The simulator as one of the system's services (started when no real Strava is configured). */
export const stravaSimService: ServiceModule = {
  name: 'strava-sim',
  description: 'A faithful local Strava (OAuth, API, rate limits, webhooks, faults) for demos and tests',
  defaultPort: 8090,
  clientScopes: [],
  async start({ env, logger }) {
    const config = readSimConfig(env);
    const running = await startStravaSim({
      ...config.options,
      port: config.port,
      host: config.host,
      logger: logger ?? { level: config.logLevel },
    });
    return { name: 'strava-sim', url: running.url, close: running.close };
  },
};
