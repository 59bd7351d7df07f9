// A Strava run's zone is where it was run: Strava's `timezone`, else the fixed zone of its
// `utc_offset`, else of `start_date_local` − `start_date` (over HTTP, from the simulator).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { offsetZone, utcOffsetMinutes } from '@runnerly/calendar';
import type { RunningService } from '@runnerly/service-kit';
import { control } from '@runnerly/strava-sim/testing';
import { waitFor } from '@runnerly/testing';
import { linkThroughBrowser, startStravaTestSystem, type StravaTestSystem } from './testing.ts';

describe("a Strava run's zone", () => {
  let t: StravaTestSystem;
  let svc: RunningService;
  const user = randomUUID();
  let zone: string;
  const made: Record<string, string> = {};

  before(async () => {
    t = await startStravaTestSystem('strava_local_time', { athletes: 1, activitiesPerAthlete: 3 });
    const [athlete] = await control<Array<{ id: number; timezone: string }>>(t.sim.url, 'GET', '/athletes');
    zone = athlete!.timezone;
    const cases = { named: [], no_timezone: ['no_timezone'], offsets_only_local: ['no_timezone', 'no_utc_offset'] };
    for (const [name, poison] of Object.entries(cases)) {
      const res = await control<{ activity: { id: number } }>(
        t.sim.url,
        'POST',
        `/athletes/${athlete!.id}/activities`,
        {
          sport_type: 'Run',
          name,
          poison,
        },
      );
      made[name] = String(res.activity.id);
      await control(t.sim.url, 'POST', '/clock/advance', { hours: 3 });
    }
    svc = await t.startStrava();
    await linkThroughBrowser(svc.url, await t.userToken(user), user, athlete!.id);
  });
  after(async () => {
    await t.close();
  });

  const runOf = async (activityId: string) => {
    const row = await t.db
      .selectFrom('strava_imports')
      .select('run_id')
      .where('activity_id', '=', activityId)
      .executeTakeFirst();
    if (!row) return undefined;
    const res = await fetch(`${t.system.urls.data}/runs/${row.run_id}`, {
      headers: { authorization: `Bearer ${await t.serviceToken()}` },
    });
    return res.status === 200 ? ((await res.json()) as { timezone: string; start_time: string }) : undefined;
  };

  it("is Strava's timezone name, else the fixed zone of utc_offset, else of start_date_local", async () => {
    const runs = await waitFor(
      'the three runs',
      async () => {
        const all = await Promise.all(Object.values(made).map(runOf));
        return all.every(Boolean) ? all.map((r) => r!) : null;
      },
      30_000,
    );
    const [named, offset, local] = runs;
    assert.ok(zone.includes('/'), zone);
    assert.equal(named!.timezone, zone, '"(GMT+01:00) Europe/Paris" → Europe/Paris');
    for (const run of [offset!, local!]) {
      const expected = offsetZone(utcOffsetMinutes(zone, Date.parse(run.start_time)));
      assert.ok(expected?.startsWith('Etc/GMT'), String(expected));
      assert.equal(run.timezone, expected);
    }
  });
});
