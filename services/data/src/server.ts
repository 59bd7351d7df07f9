import { runMain } from '@runnerly/service-kit';
import { data } from './service.ts';

await runMain(data);
