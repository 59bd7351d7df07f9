import { runMain } from '@runnerly/service-kit';
import { training } from './service.ts';

await runMain(training);
