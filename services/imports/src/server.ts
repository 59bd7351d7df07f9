import { runMain } from '@runnerly/service-kit';
import { imports } from './service.ts';

await runMain(imports);
