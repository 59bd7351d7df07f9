import { runMain } from '@runnerly/service-kit';
import { tokendealer } from './service.ts';

await runMain(tokendealer);
