import { runMain } from '@runnerly/service-kit';
import { accounts } from './service.ts';

await runMain(accounts);
