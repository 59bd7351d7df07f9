import { runMain } from '@runnerly/service-kit';
import { strava } from './service.ts';

await runMain(strava);
