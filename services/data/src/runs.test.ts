import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { get as httpGet, type IncomingHttpHeaders } from 'node:http';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { startTestServices, type TestServices } from '@runnerly/service-kit/testing';
import { tokendealer } from '@runnerly/tokendealer';
import { data } from './service.ts';
import { sampleRun } from './testing.ts';
import { waitFor } from '@runnerly/testing';

let sys: TestServices;
let token: string;
before(async () => {
  sys = await startTestServices('runs', [tokendealer, data]);
  token = await sys.serviceToken();
});
after(async () => {
  await sys.close();
});

async function call(
  method: string,
  path: string,
  body?: unknown,
  bearer = token,
  headers: Record<string, string> = {},
) {
  const res = await fetch(`${sys.urls.data}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${bearer}`,
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...headers,
    },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: text ? JSON.parse(text) : null };
}
const count = async (user: string) => (await call('GET', `/users/${user}/runs?limit=100`)).body.runs.length as number;

describe('batch add', () => {
  it('stores new runs and says how many were new; sending them again adds nothing', async () => {
    const user = randomUUID();
    const runs = [
      sampleRun(user, { source: 'strava', source_id: '12345678901234567' }),
      sampleRun(user),
      sampleRun(user),
    ];
    const first = await call('POST', '/runs/batch', { runs });
    assert.equal(first.status, 200);
    assert.deepEqual([first.body.received, first.body.added, first.body.existing], [3, 3, 0]);
    const again = await call('POST', '/runs/batch', { runs: [...runs, sampleRun(user)] });
    assert.deepEqual([again.body.added, again.body.existing], [1, 3]);
    assert.deepEqual(
      again.body.runs.slice(0, 3).map((r: { id: string }) => r.id),
      first.body.runs.map((r: { id: string }) => r.id),
    );
    assert.equal(await count(user), 4);
    const stored = (await call('GET', `/runs/${first.body.runs[0].id}`)).body;
    assert.equal(stored.source_id, '12345678901234567', 'a 64-bit Strava id keeps every digit');
  });

  it('stores a run repeated inside one batch once', async () => {
    const user = randomUUID();
    const run = sampleRun(user);
    const res = await call('POST', '/runs/batch', { runs: [run, run] });
    assert.deepEqual([res.body.added, res.body.existing], [1, 1]);
    assert.deepEqual(
      res.body.runs.map((r: { added: boolean }) => r.added),
      [true, false],
    );
  });

  it('publishes one run.imported event with the new runs only', async () => {
    const user = randomUUID();
    const seen: unknown[] = [];
    await sys.bus.subscribe(`test.imported.${user}`, ['run.imported'], async (m) => {
      if ((m.payload as { user_id: string }).user_id === user) seen.push(m.payload);
    });
    const run = sampleRun(user);
    await call('POST', '/runs/batch', { runs: [run] });
    await call('POST', '/runs/batch', { runs: [run] });
    // A third batch with a new run: its event comes after any the repeat could have caused.
    const later = sampleRun(user);
    await call('POST', '/runs/batch', { runs: [later] });
    await waitFor('the events of the first and third batches', () => seen.length >= 2, 5000);
    assert.equal(seen.length, 2, 'the repeated batch published nothing');
    const ids = seen.map((e) => (e as { runs: Array<{ source_id: string }> }).runs.map((r) => r.source_id));
    assert.deepEqual(ids.sort(), [[run.source_id], [later.source_id]].sort());
  });
});

describe('reading runs', () => {
  it('lists the last N runs newest first, with paging', async () => {
    const user = randomUUID();
    const runs = Array.from({ length: 15 }, (_, i) =>
      sampleRun(user, { start_time: new Date(Date.UTC(2026, 0, 1 + i, 7)).toISOString(), name: `run ${i}` }),
    );
    await call('POST', '/runs/batch', { runs: [...runs].reverse() });
    const page = await call('GET', `/users/${user}/runs`);
    assert.equal(page.body.runs.length, 10);
    assert.deepEqual(
      page.body.runs.map((r: { name: string }) => r.name),
      Array.from({ length: 10 }, (_, i) => `run ${14 - i}`),
    );
    const next = await call('GET', `/users/${user}/runs?before=${encodeURIComponent(page.body.next_before)}`);
    assert.deepEqual(
      next.body.runs.map((r: { name: string }) => r.name),
      ['run 4', 'run 3', 'run 2', 'run 1', 'run 0'],
    );
    assert.equal(next.body.next_before, null);
  });

  it('puts a run in the month of the asked time zone', async () => {
    const user = randomUUID();
    // 23:30 UTC on 31 January: February in Paris (00:30), January in New York (18:30).
    await call('POST', '/runs/batch', {
      runs: [
        sampleRun(user, { start_time: '2026-01-31T23:30:00Z' }),
        sampleRun(user, { start_time: '2026-02-01T04:30:00Z' }),
      ],
    });
    const month = async (m: string, tz: string) =>
      (await call('GET', `/users/${user}/months/${m}/runs?tz=${encodeURIComponent(tz)}`)).body;
    assert.equal((await month('2026-02', 'Europe/Paris')).runs.length, 2);
    assert.equal((await month('2026-01', 'Europe/Paris')).runs.length, 0);
    assert.equal(
      (await month('2026-01', 'America/New_York')).runs.length,
      2,
      'both runs are in January in New York (18:30 and 23:30)',
    );
    assert.equal((await month('2026-02', 'Asia/Tokyo')).runs.length, 2);
    const utc = await month('2026-01', 'UTC');
    assert.equal(utc.runs.length, 1);
    assert.equal(utc.totals.distance_m, 10_000);
    assert.equal((await month('2026-01', 'America/New_York')).from, '2026-01-01T05:00:00.000Z');
    const bad = await call('GET', `/users/${user}/months/2026-01/runs?tz=Mars/Olympus`);
    assert.equal(bad.status, 400);
    assert.equal(bad.body.code, 'invalid_timezone');
  });

  it('sends an ETag and answers 304 to If-None-Match, compresses large bodies', async () => {
    const user = randomUUID();
    await call('POST', '/runs/batch', { runs: Array.from({ length: 10 }, () => sampleRun(user)) });
    const first = await fetch(`${sys.urls.data}/users/${user}/runs`, {
      headers: { authorization: `Bearer ${token}`, 'accept-encoding': 'gzip' },
    });
    const etag = first.headers.get('etag');
    assert.ok(etag);
    assert.equal(first.headers.get('content-encoding'), 'gzip');
    const second = await fetch(`${sys.urls.data}/users/${user}/runs`, {
      headers: { authorization: `Bearer ${token}`, 'if-none-match': etag },
    });
    assert.equal(second.status, 304);
  });
});

describe("revalidation from the runner's version", () => {
  const get = (path: string, etag?: string) =>
    fetch(`${sys.urls.data}${path}`, {
      headers: { authorization: `Bearer ${token}`, ...(etag ? { 'if-none-match': etag } : {}) },
    });

  it("every change to a runner's runs moves the tag; a stale tag gets the fresh body, never a 304", async () => {
    const user = randomUUID();
    const other = randomUUID();
    const added = await call('POST', '/runs/batch', { runs: [sampleRun(user), sampleRun(user)] });
    const [first, second] = added.body.runs.map((r: { id: string }) => r.id) as [string, string];
    const list = `/users/${user}/runs`;
    const month = `/users/${user}/months/2026-03/runs?tz=Europe/Paris`;
    let tag = (await get(list)).headers.get('etag')!;
    const monthTag = (await get(month)).headers.get('etag')!;
    assert.notEqual(tag, monthTag, 'each URL has its own tag');
    assert.equal((await get(list, tag)).status, 304);
    assert.equal((await get(month, monthTag)).status, 304);

    await call('POST', '/runs/batch', { runs: [sampleRun(other)] });
    assert.equal((await get(list, tag)).status, 304, "another runner's change leaves this tag alone");

    const changes: Array<
      [string, () => Promise<unknown>, (body: { runs: Array<{ id: string; name: string }> }) => void]
    > = [
      [
        'a rename',
        () => call('PATCH', `/runs/${first}`, { name: 'Renamed' }),
        (b) => assert.ok(b.runs.some((r) => r.name === 'Renamed')),
      ],
      [
        'streams stored',
        () => call('PUT', `/runs/${second}/streams`, { time: [0, 1, 2], distance: [0, 3, 6] }),
        () => {},
      ],
      [
        'a new run',
        () => call('POST', '/runs/batch', { runs: [sampleRun(user)] }),
        (b) => assert.equal(b.runs.length, 3),
      ],
      ['a deletion', () => call('DELETE', `/runs/${first}`), (b) => assert.ok(!b.runs.some((r) => r.id === first))],
    ];
    for (const [what, change, check] of changes) {
      await change();
      const res = await get(list, tag);
      assert.equal(res.status, 200, `${what} moves the tag`);
      check((await res.json()) as { runs: Array<{ id: string; name: string }> });
      const next = res.headers.get('etag')!;
      assert.notEqual(next, tag);
      tag = next;
      assert.equal((await get(list, tag)).status, 304, `after ${what}, the new tag revalidates`);
    }
    assert.equal((await get(month, monthTag)).status, 200, 'the month moved on too');
  });

  it("a run's detail is tagged by the runner's version: an edit, its shoes removed or a detached source give the fresh run", async () => {
    const user = randomUUID();
    const added = await call('POST', '/runs/batch', { runs: [sampleRun(user)] });
    const id = added.body.runs[0].id as string;
    const detail = `/runs/${id}`;
    const first = await get(detail);
    const tag = first.headers.get('etag')!;
    assert.match(tag, /^"v\d+\./);
    assert.equal((await get(detail, tag)).status, 304);
    const shoes = await call('POST', `/users/${user}/gear`, { name: 'Racers' });
    await call('PATCH', detail, { gear_id: shoes.body.id, name: 'Race day' });
    const edited = await get(detail, tag);
    assert.equal(edited.status, 200);
    const body = (await edited.json()) as { name: string; gear_id: string | null };
    assert.deepEqual([body.name, body.gear_id], ['Race day', shoes.body.id]);
    const worn = edited.headers.get('etag')!;
    await call('DELETE', `/users/${user}/gear/${shoes.body.id}`);
    const bare = await get(detail, worn);
    assert.equal(bare.status, 200, 'removing the shoes moves the tag');
    assert.equal(((await bare.json()) as { gear_id: string | null }).gear_id, null);
    const other = await fetch(`${sys.urls.data}${detail}`, {
      headers: { authorization: `Bearer ${await sys.userToken(randomUUID())}`, 'if-none-match': tag },
    });
    assert.equal(other.status, 404, "another runner's token gets no answer, and no 304 either");
  });

  it('a runner with no runs yet has a tag, and their first run moves it', async () => {
    const user = randomUUID();
    const tag = (await get(`/users/${user}/runs`)).headers.get('etag')!;
    assert.equal((await get(`/users/${user}/runs`, tag)).status, 304);
    await call('POST', '/runs/batch', { runs: [sampleRun(user)] });
    const res = await get(`/users/${user}/runs`, tag);
    assert.equal(res.status, 200);
    assert.equal(((await res.json()) as { runs: unknown[] }).runs.length, 1);
  });
});

describe("kept answers of the runner's version", () => {
  // Each tagged read is counted at /metrics by how it was answered.
  async function outcomes() {
    const text = await (await fetch(`${sys.urls.data}/metrics`)).text();
    const count = (outcome: string) =>
      Number(
        new RegExp(`^data_tagged_reads_total\\{[^}]*outcome="${outcome}"[^}]*\\} (\\d+)`, 'm').exec(text)?.[1] ?? 0,
      );
    return {
      kept: count('kept'),
      compressed: count('kept_compressed'),
      computed: count('computed'),
      revalidated: count('revalidated'),
    };
  }
  const read = async (path: string, bearer = token, encoding = 'identity') => {
    const res = await fetch(`${sys.urls.data}${path}`, {
      headers: { authorization: `Bearer ${bearer}`, 'accept-encoding': encoding },
    });
    const h = (name: string) => res.headers.get(name);
    return {
      status: res.status,
      etag: h('etag'),
      type: h('content-type'),
      encoding: h('content-encoding'),
      vary: h('vary'),
      body: await res.text(),
    };
  };
  /** The bytes as sent (undici's fetch would decode them). */
  const raw = (path: string, encoding: string) =>
    new Promise<{ status: number; headers: IncomingHttpHeaders; bytes: Buffer }>((resolve, reject) => {
      const req = httpGet(
        `${sys.urls.data}${path}`,
        { headers: { authorization: `Bearer ${token}`, 'accept-encoding': encoding } },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, bytes: Buffer.concat(chunks) }));
        },
      );
      req.on('error', reject);
    });

  it('a repeated read is sent again without the query until a change moves the version, and never to another runner', async () => {
    const user = randomUUID();
    const added = await call('POST', '/runs/batch', { runs: [sampleRun(user), sampleRun(user), sampleRun(user)] });
    const first = added.body.runs[0].id as string;
    const list = `/users/${user}/runs?limit=10`;

    const before = await outcomes();
    const computed = await read(list, token, 'gzip');
    const again = await read(list);
    const after = await outcomes();
    assert.equal(after.computed - before.computed, 1, 'the first read runs the query');
    assert.equal(after.kept - before.kept, 1, 'the second is the kept answer');
    assert.equal(again.body, computed.body, 'the same bytes (kept before compression)');
    assert.equal(again.etag, computed.etag);
    assert.equal(again.type, computed.type);
    assert.equal(computed.encoding, 'gzip');
    assert.equal(JSON.parse(again.body).runs.length, 3);

    const two = await read(`/users/${user}/runs?limit=2`);
    assert.equal(JSON.parse(two.body).runs.length, 2, 'another URL has its own answer');

    await call('PATCH', `/runs/${first}`, { name: 'Renamed after reading' });
    const changed = await outcomes();
    const fresh = await read(list);
    assert.ok(JSON.parse(fresh.body).runs.some((r: { name: string }) => r.name === 'Renamed after reading'));
    assert.equal((await outcomes()).computed - changed.computed, 1, 'a change is computed afresh');
    assert.notEqual(fresh.etag, computed.etag);

    const stranger = await sys.userToken(randomUUID());
    const refused = await read(list, stranger);
    assert.equal(refused.status, 403, "another runner's token is refused before any kept answer");
    assert.ok(!refused.body.includes('Renamed after reading'));
    const own = await read(list, await sys.userToken(user));
    assert.equal(own.body, fresh.body, 'the runner themself gets the kept answer');
  });

  it("a run's streams are kept until new ones are stored, and stay the owner's", async () => {
    const user = randomUUID();
    const run = (await call('POST', '/runs/batch', { runs: [sampleRun(user)] })).body.runs[0].id as string;
    const path = `/runs/${run}/streams`;
    assert.equal((await read(path)).status, 404, 'no streams yet');
    await call('PUT', path, { time: [0, 1, 2], distance: [0, 3, 6] });
    const before = await outcomes();
    const first = await read(path);
    const again = await read(path);
    const after = await outcomes();
    assert.deepEqual(JSON.parse(again.body).distance, [0, 3, 6]);
    assert.equal(again.body, first.body);
    assert.equal(after.computed - before.computed, 1);
    assert.equal(after.kept - before.kept, 1, 'the repeat is the kept answer');
    await call('PUT', path, { time: [0, 1, 2], distance: [0, 4, 8] });
    assert.deepEqual(JSON.parse((await read(path)).body).distance, [0, 4, 8], 'new streams are read afresh');
    const stranger = await read(path, await sys.userToken(randomUUID()));
    assert.equal(stranger.status, 404, "another runner's token finds no such run");
    assert.ok(!stranger.body.includes('"distance"'));
  });

  it('a kept answer is compressed once per Accept-Encoding header, then those bytes are sent again', async () => {
    const user = randomUUID();
    const run = (await call('POST', '/runs/batch', { runs: [sampleRun(user)] })).body.runs[0].id as string;
    const path = `/runs/${run}/streams`;
    const time = Array.from({ length: 3600 }, (_, i) => i);
    await call('PUT', path, { time, distance: time.map((t) => t * 2.8) });
    const before = await outcomes();
    const first = await raw(path, 'gzip');
    const second = await raw(path, 'gzip');
    const third = await raw(path, 'gzip');
    const brotli = await raw(path, 'br');
    const after = await outcomes();
    assert.equal(after.computed - before.computed, 1);
    assert.equal(after.compressed - before.compressed, 2, 'the second and third gzip reads are the kept gzip bytes');
    assert.equal(after.kept - before.kept, 1, 'brotli is compressed once, from the kept body');
    for (const r of [first, second, third]) {
      assert.equal(r.status, 200);
      assert.equal(r.headers['content-encoding'], 'gzip');
      assert.match(String(r.headers.vary), /accept-encoding/i);
      assert.equal(r.headers.etag, first.headers.etag);
    }
    assert.equal(Number(second.headers['content-length']), second.bytes.length, 'the kept bytes, with their length');
    assert.deepEqual(second.bytes, first.bytes);
    assert.equal(brotli.headers['content-encoding'], 'br');
    const body = JSON.parse(gunzipSync(third.bytes).toString()) as { distance: number[] };
    assert.equal(body.distance.length, 3600);
    assert.deepEqual(JSON.parse(brotliDecompressSync(brotli.bytes).toString()), body);
    // A plain read still gets the body itself; a change computes (and compresses) afresh.
    assert.deepEqual(JSON.parse((await read(path)).body), body);
    await call('PUT', path, { time: [0, 1], distance: [0, 3] });
    const changed = await raw(path, 'gzip');
    assert.notEqual(changed.headers.etag, first.headers.etag);
    assert.equal(changed.headers['content-encoding'], undefined, 'too small to compress now');
    assert.deepEqual(JSON.parse(changed.bytes.toString()).distance, [0, 3]);
  });
});

describe('user tokens', () => {
  it('reach their own runs only, on every route', async () => {
    const alice = randomUUID();
    const bob = randomUUID();
    const aliceToken = await sys.userToken(alice);
    const added = await call('POST', '/runs/batch', { runs: [sampleRun(alice)] }, aliceToken);
    assert.equal(added.status, 200);
    const bobRun = (await call('POST', '/runs/batch', { runs: [sampleRun(bob)] })).body.runs[0].id;
    assert.equal((await call('POST', '/runs/batch', { runs: [sampleRun(bob)] }, aliceToken)).status, 403);
    assert.equal((await call('GET', `/users/${bob}/runs`, undefined, aliceToken)).status, 403);
    assert.equal((await call('GET', `/users/${bob}/months/2026-03/runs`, undefined, aliceToken)).status, 403);
    assert.equal((await call('GET', `/runs/${bobRun}`, undefined, aliceToken)).status, 404);
    assert.equal((await call('DELETE', `/runs/${bobRun}`, undefined, aliceToken)).status, 404);
    assert.equal(await count(bob), 1, 'bob still has his one run');
    assert.equal((await call('GET', `/users/${alice}/runs`, undefined, aliceToken)).body.runs.length, 1);
  });
});

describe('deleting', () => {
  it("deletes one run, and all of a user's runs on account.deleted", async () => {
    const user = randomUUID();
    const res = await call('POST', '/runs/batch', { runs: [sampleRun(user), sampleRun(user), sampleRun(user)] });
    assert.equal((await call('DELETE', `/runs/${res.body.runs[0].id}`)).status, 204);
    assert.equal((await call('GET', `/runs/${res.body.runs[0].id}`)).status, 404);
    assert.equal(await count(user), 2);
    await sys.bus.publish('account.deleted', { user_id: user });
    await waitFor('the runs to go', async () => (await count(user)) === 0, 5000);
    // A sync or an import still under way must not bring the deleted runner back.
    const late = await call('POST', '/runs/batch', { runs: [sampleRun(user)] });
    assert.equal(late.status, 410);
    assert.equal(late.body.code, 'user_deleted');
    assert.equal(await count(user), 0);
  });
});

describe('bad input', () => {
  it('answers 4xx {code, message} and writes nothing', async () => {
    const user = randomUUID();
    const good = sampleRun(user);
    const cases: Array<[string, unknown, number, string]> = [
      ['wrong type', { runs: [{ ...good, distance_m: 'far' }] }, 400, 'invalid_request'],
      ['unknown field', { runs: [{ ...good, speed: 3 }] }, 400, 'invalid_request'],
      ['unknown top-level field', { runs: [good], extra: true }, 400, 'invalid_request'],
      ['missing field', { runs: [{ ...good, start_time: undefined }] }, 400, 'invalid_request'],
      ['bad user id', { runs: [{ ...good, user_id: 'bob' }] }, 400, 'invalid_request'],
      [
        'one bad run among good ones',
        { runs: [sampleRun(user), { ...good, timezone: 'Nowhere/City' }] },
        400,
        'invalid_run',
      ],
      ['moving longer than elapsed', { runs: [{ ...good, moving_time_s: 99999 }] }, 400, 'invalid_run'],
      [
        'not a 64-bit Strava id',
        { runs: [{ ...good, source: 'strava', source_id: '99999999999999999999' }] },
        400,
        'invalid_run',
      ],
      ['dated in the year 2999', { runs: [{ ...good, start_time: '2999-06-01T07:00:00Z' }] }, 400, 'invalid_run'],
      ['empty batch', { runs: [] }, 400, 'invalid_request'],
      ['malformed JSON', '{"runs": [', 400, 'invalid_json'],
    ];
    for (const [label, body, status, code] of cases) {
      const res = await call('POST', '/runs/batch', body);
      assert.equal(res.status, status, label);
      assert.equal(res.body.code, code, label);
      assert.equal(typeof res.body.message, 'string', label);
      assert.ok(!/at .*\.ts:\d+/.test(res.body.message), `${label}: no stack trace`);
    }
    const future = await call('POST', '/runs/batch', { runs: [good, { ...good, start_time: '2999-06-01T07:00:00Z' }] });
    assert.equal(
      future.body.message,
      'runs/1/start_time: 2999-06-01T07:00:00Z is in the future (a run may start at most a day after now)',
    );
    const huge = { runs: [{ ...good, summary_polyline: 'x'.repeat(9 * 1024 * 1024) }] };
    const tooBig = await call('POST', '/runs/batch', huge);
    assert.equal(tooBig.status, 413);
    assert.equal(tooBig.body.code, 'payload_too_large');
    assert.equal((await call('GET', `/users/${user}/runs?limit=1000`)).status, 400);
    assert.equal((await call('GET', '/users/not-a-uuid/runs')).status, 400);
    assert.equal((await call('GET', '/runs/not-a-uuid')).status, 400);
    assert.equal((await call('GET', '/nowhere')).body.code, 'not_found');
    assert.equal(await count(user), 0, 'nothing was written');
  });
});
