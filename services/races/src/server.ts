import { runMain } from '@runnerly/service-kit';
import { races } from './service.ts';

await runMain(races);
