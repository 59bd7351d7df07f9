import { runMain } from '@runnerly/service-kit';
import { gateway } from './service.ts';

await runMain(gateway);
