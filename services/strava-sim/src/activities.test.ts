import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { RunningStravaSim } from './index.ts';
import { decodePolyline } from '@runnerly/activity-files/polyline';
import { api, connectAthlete, control, startTestSim } from './testing.ts';

type Activity = Record<string, any>;

async function listAll(
  url: string,
  token: string,
  query = '',
  perPage = 200,
): Promise<{ items: Activity[]; pages: number[] }> {
  const items: Activity[] = [];
  const pages: number[] = [];
  for (let page = 1; ; page++) {
    const r = await api(url, token, `/athlete/activities?per_page=${perPage}&page=${page}${query}`);
    assert.equal(r.status, 200);
    const body = (await r.json()) as Activity[];
    if (body.length === 0) break;
    pages.push(body.length);
    items.push(...body);
  }
  return { items, pages };
}

describe('activities API', () => {
  let s: RunningStravaSim;
  let athletes: Array<{ id: number }>;
  let full: string;
  let readOnly: string;

  before(async () => {
    s = await startTestSim({
      activitiesPerAthlete: [450, 40],
      frozenClock: true,
      now: '2026-03-10T12:00:00Z',
      limits: { read15: 100_000, readDaily: 100_000, overall15: 100_000, overallDaily: 100_000 },
    });
    athletes = await control(s.url, 'GET', '/athletes');
    full = (await connectAthlete(s.url, athletes[0]!.id, 'read,activity:read_all')).access_token;
  });
  after(() => s.close());

  test('paging to an empty page returns every activity exactly once, newest first', async () => {
    const ids = await control<number[]>(s.url, 'GET', `/athletes/${athletes[0]!.id}/activity-ids`);
    assert.ok(ids.length >= 450, `${ids.length} activities`);
    const { items, pages } = await listAll(s.url, full);
    assert.deepEqual(
      items.map((a) => a.id),
      ids,
    );
    assert.equal(pages[0], 200);
    for (let i = 1; i < items.length; i++) assert.ok(items[i - 1]!.start_date >= items[i]!.start_date);
    const small = await listAll(s.url, full, '', 7);
    assert.deepEqual(
      small.items.map((a) => a.id),
      ids,
    );
  });

  test('per_page defaults to 30 and is limited to 200', async () => {
    const r = await api(s.url, full, '/athlete/activities');
    assert.equal(((await r.json()) as unknown[]).length, 30);
    assert.equal((await api(s.url, full, '/athlete/activities?per_page=200')).status, 200);
    assert.equal((await api(s.url, full, '/athlete/activities?per_page=201')).status, 400);
  });

  test('before and after filter on start time (epoch seconds)', async () => {
    const { items } = await listAll(s.url, full);
    const mid = items[100]!;
    const t = Date.parse(mid.start_date) / 1000;
    const older = await listAll(s.url, full, `&before=${t}`);
    assert.deepEqual(
      older.items.map((a) => a.id),
      items.slice(101).map((a) => a.id),
    );
    const newer = await listAll(s.url, full, `&after=${t}`);
    // With only `after`, Strava returns the oldest first.
    assert.deepEqual(
      newer.items.map((a) => a.id),
      items
        .slice(0, 100)
        .map((a) => a.id)
        .reverse(),
    );
    const window = await listAll(s.url, full, `&after=${t - 86_400 * 30}&before=${t}`);
    assert.ok(window.items.length > 0);
    for (const a of window.items)
      assert.ok(Date.parse(a.start_date) / 1000 < t && Date.parse(a.start_date) / 1000 > t - 86_400 * 30);
  });

  test('private activities need activity:read_all; pages can come back short', async () => {
    readOnly = (await connectAthlete(s.url, athletes[0]!.id, 'read,activity:read')).access_token;
    const all = (await listAll(s.url, full)).items;
    const priv = all.filter((a) => a.private);
    assert.ok(priv.length > 0, 'the seeded history has private activities');
    const visible = await listAll(s.url, readOnly);
    assert.deepEqual(
      visible.items.map((a) => a.id),
      all.filter((a) => !a.private).map((a) => a.id),
    );
    assert.ok(
      visible.pages.some((n, i) => n < 200 && i < visible.pages.length - 1),
      'a short page before the end',
    );
    const detail = await api(s.url, readOnly, `/activities/${priv[0]!.id}`);
    assert.equal(detail.status, 404);
    assert.deepEqual(await detail.json(), {
      message: 'Record Not Found',
      errors: [{ resource: 'Activity', field: 'id', code: 'invalid' }],
    });
    assert.equal((await api(s.url, full, `/activities/${priv[0]!.id}`)).status, 200);
  });

  test("another athlete's activity is 404", async () => {
    const other = (await connectAthlete(s.url, athletes[1]!.id)).access_token;
    const [mine] = (await (await api(s.url, full, '/athlete/activities?per_page=1')).json()) as Activity[];
    assert.equal((await api(s.url, other, `/activities/${mine!.id}`)).status, 404);
    assert.equal((await api(s.url, other, `/activities/${mine!.id}/streams?keys=time`)).status, 404);
    assert.equal((await api(s.url, full, '/activities/123')).status, 404);
  });

  test('summaries look like Strava: ids, dates, units, sports', async () => {
    const { items } = await listAll(s.url, full);
    const sports = new Set(items.map((a) => a.sport_type));
    assert.ok(sports.has('Run'));
    assert.ok(
      [...sports].some((x) => !['Run', 'TrailRun', 'VirtualRun'].includes(x)),
      'non-run sports a client must ignore',
    );
    for (const a of items) {
      assert.ok(Number.isSafeInteger(a.id) && a.id > 2 ** 32);
      assert.match(a.start_date, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
      assert.match(a.start_date_local, /Z$/);
      assert.equal(Date.parse(a.start_date_local) - Date.parse(a.start_date), a.utc_offset * 1000);
      assert.match(a.timezone, /^\(GMT[+-]\d\d:\d\d\) [A-Za-z_]+\/[A-Za-z_]+$/);
      assert.ok(a.moving_time <= a.elapsed_time);
      assert.equal(a.type, a.sport_type === 'TrailRun' ? 'Run' : a.sport_type);
      assert.equal(typeof a.map.summary_polyline, 'string');
      if (a.trainer && a.sport_type === 'Run') assert.equal(a.map.summary_polyline, '');
    }
    const runs = items.filter((a) => a.sport_type === 'Run' && !a.trainer);
    assert.ok(
      runs.some((a) => a.moving_time < a.elapsed_time),
      'some runs have pauses',
    );
    for (const r of runs) {
      const pace = r.moving_time / (r.distance / 1000);
      assert.ok(pace > 150 && pace < 600, `pace ${pace} s/km`);
      if (r.has_heartrate) assert.ok(r.average_heartrate > 90 && r.average_heartrate < 200);
      assert.ok(r.average_cadence > 70 && r.average_cadence < 100, 'cadence per leg');
      const pts = decodePolyline(r.map.summary_polyline);
      assert.ok(pts.length > 10);
      assert.ok(Math.abs(pts[0]![0] - r.start_latlng[0]) < 0.01 && Math.abs(pts[0]![1] - r.start_latlng[1]) < 0.01);
    }
  });

  test('streams agree with the summary and are keyed by type', async () => {
    const { items } = await listAll(s.url, full);
    const run = items.find(
      (a) => a.sport_type === 'Run' && !a.trainer && a.has_heartrate && a.moving_time < a.elapsed_time,
    )!;
    const r = await api(
      s.url,
      full,
      `/activities/${run.id}/streams?keys=time,distance,latlng,altitude,heartrate,cadence,moving,velocity_smooth,watts&key_by_type=true`,
    );
    assert.equal(r.status, 200);
    const st = (await r.json()) as Record<
      string,
      { data: any[]; series_type: string; original_size: number; resolution: string }
    >;
    assert.deepEqual(
      Object.keys(st).sort(),
      ['altitude', 'cadence', 'distance', 'heartrate', 'latlng', 'moving', 'time', 'velocity_smooth'],
      'missing streams (watts) are omitted',
    );
    const n = st.time!.data.length;
    for (const k of Object.keys(st)) {
      assert.equal(st[k]!.data.length, n);
      assert.equal(st[k]!.original_size, n);
    }
    assert.equal(st.time!.data.at(-1), run.elapsed_time);
    assert.equal(st.distance!.data.at(-1), run.distance);
    assert.equal(st.moving!.data.filter(Boolean).length, run.moving_time);
    const hr = st.heartrate!.data.filter((_, i) => st.moving!.data[i]);
    assert.ok(Math.abs(hr.reduce((x: number, y: number) => x + y, 0) / hr.length - run.average_heartrate) < 0.1);
    assert.equal(Math.max(...st.heartrate!.data), run.max_heartrate);
    assert.equal(Math.max(...st.altitude!.data), run.elev_high);
    const [lat, lng] = st.latlng!.data[0];
    assert.ok(Math.abs(lat - run.start_latlng[0]) < 0.01 && Math.abs(lng - run.start_latlng[1]) < 0.01);

    const detail = (await (await api(s.url, full, `/activities/${run.id}`)).json()) as Activity;
    assert.equal(detail.resource_state, 3);
    assert.equal(detail.total_elevation_gain, run.total_elevation_gain);
    assert.ok(detail.map.polyline.length >= run.map.summary_polyline.length);
    const laps = (await (await api(s.url, full, `/activities/${run.id}/laps`)).json()) as Activity[];
    assert.ok(laps.length >= Math.floor(run.distance / 1000));
    assert.ok(Math.abs(laps.reduce((x, l) => x + l.distance, 0) - run.distance) < 1);
    assert.equal(
      laps.reduce((x, l) => x + l.moving_time, 0),
      run.moving_time,
    );
    assert.equal(laps.at(-1)!.end_index, n - 1);

    assert.deepEqual(st.latlng!.data[0], run.start_latlng);
    assert.deepEqual(st.latlng!.data.at(-1), run.end_latlng);
    const gpx = await (await fetch(`${s.url}/sim/activities/${run.id}/export.gpx`)).text();
    assert.equal(gpx.match(/<trkpt /g)?.length, n, 'the GPX export has the same samples');
    assert.match(gpx, new RegExp(`<time>${run.start_date}</time>`));

    const list = (await (await api(s.url, full, `/activities/${run.id}/streams?keys=heartrate`)).json()) as Array<{
      type: string;
    }>;
    assert.ok(Array.isArray(list), 'without key_by_type: a list');
    assert.deepEqual(list.map((x) => x.type).sort(), ['distance', 'heartrate']);
  });

  test('treadmill runs have no GPS streams', async () => {
    const { items } = await listAll(s.url, full);
    const tm = items.find((a) => a.trainer && a.sport_type === 'Run');
    if (!tm) return; // not every seeded history has one
    const st = (await (
      await api(s.url, full, `/activities/${tm.id}/streams?keys=latlng,altitude,heartrate,time&key_by_type=true`)
    ).json()) as Record<string, unknown>;
    assert.equal(st.latlng, undefined);
    assert.ok(st.time);
  });

  test('GET /athlete returns the authenticated athlete', async () => {
    const r = await api(s.url, full, '/athlete');
    const a = (await r.json()) as Activity;
    assert.equal(a.id, athletes[0]!.id);
    assert.equal(a.resource_state, 2);
  });

  test('new activities appear as the clock moves', async () => {
    const before = (await listAll(s.url, full)).items.length;
    await control(s.url, 'POST', '/clock/advance', { days: 14 });
    assert.equal((await api(s.url, full, '/athlete')).status, 401, 'the 6 h token expired meanwhile');
    full = (await connectAthlete(s.url, athletes[0]!.id, 'read,activity:read_all')).access_token;
    const later = (await listAll(s.url, full)).items;
    assert.ok(later.length > before, `${later.length} > ${before}`);
    assert.equal(new Set(later.map((a) => a.id)).size, later.length);
  });
});

describe('activities API with shortPages', () => {
  test('short pages before the end still list every activity exactly once', async () => {
    const s = await startTestSim({
      activitiesPerAthlete: 500,
      shortPages: true,
      frozenClock: true,
      limits: { read15: 100_000, readDaily: 100_000, overall15: 100_000, overallDaily: 100_000 },
    });
    try {
      const [a] = await control<Array<{ id: number }>>(s.url, 'GET', '/athletes');
      const token = (await connectAthlete(s.url, a!.id)).access_token;
      const ids = await control<number[]>(s.url, 'GET', `/athletes/${a!.id}/activity-ids`);
      const { items, pages } = await listAll(s.url, token, '', 100);
      assert.deepEqual(
        items.map((x) => x.id),
        ids,
      );
      assert.ok(
        pages.slice(0, -1).some((n) => n < 100),
        `short page in ${pages.join(',')}`,
      );
    } finally {
      await s.close();
    }
  });
});

describe('what Strava really sends', () => {
  let s: RunningStravaSim;
  let athletes: Array<{ id: number }>;
  let full: string;
  before(async () => {
    s = await startTestSim({ activitiesPerAthlete: 30, frozenClock: true, now: '2026-03-10T12:00:00Z' });
    athletes = await control<Array<{ id: number }>>(s.url, 'GET', '/athletes');
    full = (await connectAthlete(s.url, athletes[0]!.id)).access_token;
  });
  after(async () => {
    await s.close();
  });

  test('what Strava sends that a client must handle: device_name, best efforts, manual and trainer, late uploads, type changes, poison', async () => {
    const id = athletes[0]!.id;
    const nowMs = Date.parse('2026-03-10T12:00:00Z');
    const made = async (body: Record<string, unknown>) =>
      (await control<{ activity: Activity }>(s.url, 'POST', `/athletes/${id}/activities`, body)).activity;
    const run = await made({ sport_type: 'Run', distance: 10_500, name: 'Tempo' });
    assert.equal(typeof run.device_name, 'string');
    const detail = (await (await api(s.url, full, `/activities/${run.id}`)).json()) as Activity;
    const efforts = (detail.best_efforts as Activity[]).map((e) => e.name);
    assert.deepEqual(efforts, ['400m', '1/2 mile', '1k', '1 mile', '2 mile', '5k', '10k']);
    const fiveK = (detail.best_efforts as Activity[]).find((e) => e.name === '5k')!;
    assert.ok(fiveK.elapsed_time > 0 && fiveK.elapsed_time < detail.moving_time);

    const manual = await made({ sport_type: 'Run', manual: true, distance: 5000 });
    assert.equal(manual.manual, true);
    assert.equal(manual.device_name, undefined);
    assert.equal(manual.map.summary_polyline ?? '', '');
    const treadmill = await made({ sport_type: 'Run', trainer: true, distance: 6000 });
    assert.equal(treadmill.trainer, true);
    assert.equal(treadmill.map.summary_polyline ?? '', '');

    // A late upload: started four days ago, visible now, found with after= its start.
    const late = await made({ sport_type: 'Run', start_date: new Date(nowMs - 4 * 86_400_000).toISOString() });
    const after = Math.floor((nowMs - 5 * 86_400_000) / 1000);
    assert.ok((await listAll(s.url, full, `&after=${after}`)).items.some((a) => a.id === late.id));

    const changed = await control<{ activity: Activity; updates: Record<string, string> }>(
      s.url,
      'PUT',
      `/activities/${run.id}`,
      { sport_type: 'TrailRun' },
    );
    assert.deepEqual(changed.updates, { type: 'TrailRun' });
    assert.equal(changed.activity.sport_type, 'TrailRun');

    const poisoned = await made({ sport_type: 'Run', poison: ['moving_over_elapsed', 'no_sport_type'] });
    assert.ok(poisoned.moving_time > poisoned.elapsed_time);
    assert.equal(poisoned.sport_type, undefined);
    assert.equal(poisoned.type, 'Run');
  });
});
