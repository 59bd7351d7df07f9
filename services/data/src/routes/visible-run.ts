import { ownsOrService, type AuthContext } from '@runnerly/service-kit';
import { dataErrors } from '../errors.ts';

/**
 * The run, when the caller may see it (its runner's token, or a service's); otherwise 404, the
 * same answer as for a run that does not exist, so that another runner's ids tell nothing.
 */
export function visibleRun<R extends { user_id: string }>(auth: AuthContext | null, run: R | undefined): R {
  if (!run || !ownsOrService(auth, run.user_id)) throw dataErrors.runNotFound();
  return run;
}
