import { runMain } from '@runnerly/service-kit';
import { reports } from './service.ts';

await runMain(reports);
