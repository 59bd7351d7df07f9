// Strava sync benchmarks against the simulator, on its controllable clock (rate-limit waits
// move the simulated clock instead of sleeping). Called by bench/run.ts; returns printed lines.
import { randomUUID } from 'node:crypto';
import { control } from '@runnerly/strava-sim/testing';
import { linkThroughBrowser, startStravaTestSystem } from '@runnerly/strava/testing';
import { waitFor } from '@runnerly/testing';

const simNow = async (url: string) => Date.parse((await control<{ now: string }>(url, 'GET', '/clock')).now);

export async function stravaBench(): Promise<string[]> {
  const lines: string[] = [];

  // 1. One runner with 5,000 activities: list pages of 200, no details.
  {
    const t = await startStravaTestSystem('bench_strava_one', { athletes: 1, activitiesPerAthlete: 5000 });
    try {
      // Streams (spare budget, after the backfill) would only add calls after the measured part.
      const svc = await t.startStrava({ STRAVA_STREAMS_RECENT: '0' });
      const [athlete] = await t.athletes();
      const user = randomUUID();
      const simStart = await simNow(t.sim.url);
      const started = performance.now();
      await linkThroughBrowser(svc.url, await t.userToken(user), user, athlete!);
      const row = await waitFor(
        'backfill',
        async () => {
          const r = await t.db.selectFrom('strava_links').selectAll().where('user_id', '=', user).executeTakeFirst();
          return r?.backfill_done === 1 && r;
        },
        120_000,
      );
      const seconds = (performance.now() - started) / 1000;
      const calls = await control<{ api: number; rateLimited: number }>(t.sim.url, 'GET', '/calls');
      const simMin = ((await simNow(t.sim.url)) - simStart) / 60_000;
      lines.push(
        `strava backfill, 1 runner × 5,000 activities: ${row.imported} runs imported, ${calls.api} API calls, ${calls.rateLimited} × 429, ${seconds.toFixed(2)} s real, ${simMin.toFixed(0)} min simulated`,
      );
    } finally {
      await t.close();
    }
  }

  // 2. 200 runners link at once under the default limits (100 reads / 15 min, 90% used).
  {
    const t = await startStravaTestSystem('bench_strava_many', { athletes: 200, activitiesPerAthlete: 300 });
    try {
      const svc = await t.startStrava();
      const athletes = await t.athletes();
      const users = athletes.map(() => randomUUID());
      const simStart = await simNow(t.sim.url);
      const started = performance.now();
      await Promise.all(
        athletes.map(async (a, i) => linkThroughBrowser(svc.url, await t.userToken(users[i]!), users[i]!, a)),
      );
      await waitFor(
        "every runner's latest page",
        async () => {
          const waiting = await t.db
            .selectFrom('strava_links')
            .select('user_id')
            .where('pages_done', '=', 0)
            .executeTakeFirst();
          const count = await t.db
            .selectFrom('strava_links')
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .executeTakeFirst();
          return !waiting && Number(count?.n) === athletes.length;
        },
        120_000,
      );
      const seconds = (performance.now() - started) / 1000;
      const simMin = ((await simNow(t.sim.url)) - simStart) / 60_000;
      const calls = await control<{ api: number; rateLimited: number }>(t.sim.url, 'GET', '/calls');
      lines.push(
        `strava 200 runners linking at once (default limits): every runner has their latest page after ${simMin.toFixed(0)} min simulated (${seconds.toFixed(2)} s real), ${calls.api} API calls, ${calls.rateLimited} × 429`,
      );
    } finally {
      await t.close();
    }
  }
  return lines;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const line of await stravaBench()) console.log(line);
  process.exit(0);
}
