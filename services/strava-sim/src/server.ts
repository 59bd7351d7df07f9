import { runMain } from '@runnerly/service-kit';
import { stravaSimService } from './service.ts';

await runMain(stravaSimService);
