import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { decodePolyline, encodePolyline } from '@runnerly/activity-files/polyline';
import { World } from './world.ts';
import { startTestSim, connectAthlete, api } from './testing.ts';

const ANCHOR = Date.UTC(2026, 2, 1);
const world = (seed: string, counts: number | number[] = 80, athletes = 4) =>
  new World({ seed, athletes, activitiesPerAthlete: counts, anchorMs: ANCHOR });

describe('world', () => {
  test('the same seed builds the same world', () => {
    const a = world('alpha');
    const b = world('alpha');
    for (let i = 0; i < 4; i++) {
      const ta = a.timeline(a.athletes[i]!, ANCHOR);
      const tb = b.timeline(b.athletes[i]!, ANCHOR);
      assert.deepEqual(
        ta.map((s) => s.id),
        tb.map((s) => s.id),
      );
      assert.deepEqual(a.athleteJson(a.athletes[i]!, true, ANCHOR), b.athleteJson(b.athletes[i]!, true, ANCHOR));
      for (const k of [0, ta.length - 1]) {
        assert.deepEqual(a.detail(a.athletes[i]!, ta[k]!), b.detail(b.athletes[i]!, tb[k]!));
        assert.deepEqual(
          a.streams(a.athletes[i]!, ta[k]!, ['latlng', 'heartrate'], true),
          b.streams(b.athletes[i]!, tb[k]!, ['latlng', 'heartrate'], true),
        );
      }
    }
    const c = world('beta');
    assert.notDeepEqual(
      c.timeline(c.athletes[0]!, ANCHOR).map((s) => s.id),
      a.timeline(a.athletes[0]!, ANCHOR).map((s) => s.id),
    );
  });

  test('history has the configured size and ends at the anchor; the future is generated the same either way', () => {
    const w = world('gamma', [120, 10]);
    assert.equal(w.timeline(w.athletes[0]!, ANCHOR).filter((s) => !s.ghost).length, 120);
    assert.equal(w.timeline(w.athletes[3]!, ANCHOR).filter((s) => !s.ghost).length, 10);
    const later = ANCHOR + 30 * 86_400_000;
    const w2 = world('gamma', [120, 10]);
    w2.timeline(w2.athletes[0]!, ANCHOR + 10 * 86_400_000);
    assert.deepEqual(
      w2.timeline(w2.athletes[0]!, later).map((s) => s.id),
      w.timeline(w.athletes[0]!, later).map((s) => s.id),
    );
  });

  test('ids are 64-bit-looking safe integers that grow with time', () => {
    const w = world('delta');
    const tl = w.timeline(w.athletes[1]!, ANCHOR);
    for (let i = 0; i < tl.length; i++) {
      assert.ok(tl[i]!.id > 2 ** 32 && Number.isSafeInteger(tl[i]!.id));
      if (i > 0) assert.ok(tl[i]!.id > tl[i - 1]!.id);
    }
    assert.equal(w.find(tl[3]!.id)?.skeleton, tl[3]);
  });

  test('a 5,000-activity athlete and 200 athletes are cheap to build', () => {
    const t0 = performance.now();
    const w = new World({ seed: 'bench', athletes: 200, activitiesPerAthlete: [5000, 100], anchorMs: ANCHOR });
    const big = w.timeline(w.athletes[0]!, ANCHOR);
    assert.equal(big.filter((s) => !s.ghost).length, 5000);
    const ms = performance.now() - t0;
    assert.ok(ms < 2000, `${ms} ms`);
    const sports = new Set(
      w.athletes
        .slice(0, 30)
        .flatMap((a) => w.timeline(a, ANCHOR).map((s) => `${s.sportType}${s.trainer ? '/trainer' : ''}`)),
    );
    for (const k of ['Run', 'TrailRun', 'VirtualRun', 'Run/trainer', 'Ride', 'Swim', 'Walk', 'WeightTraining'])
      assert.ok(sports.has(k), `has ${k}`);
  });

  test('routes are polylines around the athlete home', () => {
    const w = world('epsilon');
    const a = w.athletes[0]!;
    const run = w.timeline(a, ANCHOR).find((s) => s.sportType === 'Run' && !s.trainer)!;
    const pts = decodePolyline((w.summary(a, run).map as { summary_polyline: string }).summary_polyline);
    assert.ok(pts.length > 10);
    for (const [lat, lng] of pts) {
      assert.ok(Math.abs(lat - a.place.lat) < 0.3 && Math.abs(lng - a.place.lng) < 0.4);
    }
  });
});

describe('polyline', () => {
  test("encodes Google's reference example", () => {
    const pts: Array<[number, number]> = [
      [38.5, -120.2],
      [40.7, -120.95],
      [43.252, -126.453],
    ];
    assert.equal(encodePolyline(pts), '_p~iF~ps|U_ulLnnqC_mqNvxq`@');
    assert.deepEqual(decodePolyline('_p~iF~ps|U_ulLnnqC_mqNvxq`@'), pts);
  });
});

describe('startStravaSim', () => {
  test('the history holds exactly the configured activities at start, whatever the hour of the day', async () => {
    // Late in the UTC day an athlete has already run today: that run is not part of the history.
    for (const now of ['2026-03-10T00:30:00Z', '2026-03-10T13:00:00Z', '2026-03-10T23:45:00Z']) {
      const s = await startTestSim({ activitiesPerAthlete: 40, now });
      try {
        for (const a of (await (await fetch(`${s.url}/sim/athletes`)).json()) as Array<{ id: number }>) {
          const ids = (await (await fetch(`${s.url}/sim/athletes/${a.id}/activity-ids`)).json()) as number[];
          assert.equal(ids.length, 40, `athlete ${a.id} at ${now}`);
        }
      } finally {
        await s.close();
      }
    }
  });

  test('two simulators with the same seed and anchor serve the same activities', async () => {
    const opts = {
      seed: 'same',
      anchor: '2026-02-01T00:00:00Z',
      now: '2026-02-01T00:00:00Z',
      frozenClock: true,
    } as const;
    const [x, y] = await Promise.all([startTestSim(opts), startTestSim(opts)]);
    try {
      const bodies = await Promise.all(
        [x, y].map(async (s) => {
          const c = await connectAthlete(
            s.url,
            ((await (await fetch(`${s.url}/sim/athletes`)).json()) as Array<{ id: number }>)[0]!.id,
          );
          return (await api(s.url, c.access_token, '/athlete/activities?per_page=50')).json();
        }),
      );
      assert.deepEqual(bodies[0], bodies[1]);
    } finally {
      await Promise.all([x.close(), y.close()]);
    }
  });
});
