import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readState, uptime, writeState, type SupervisorState } from './state.ts';
import { printStatus } from './status.ts';

// `runnerly status` against a state file and real sockets: one service that answers ready, one
// that answers 503, one whose port nobody listens on.
describe('runnerly status', () => {
  let dir: string;
  let ready: Server;
  let notReady: Server;
  const urlOf = (s: Server) => `http://127.0.0.1:${(s.address() as { port: number }).port}`;
  const listen = (status: number) =>
    new Promise<Server>((done) => {
      const s = createServer((req, res) => res.writeHead(req.url === '/readyz' ? status : 404).end('{}'));
      s.listen(0, '127.0.0.1', () => done(s));
    });
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'runnerly-status-'));
    ready = await listen(200);
    notReady = await listen(503);
  });
  after(() => {
    ready.close();
    notReady.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const state = (pid: number, over: Partial<SupervisorState['processes'][number]> = {}): SupervisorState => ({
    pid,
    started_at: new Date(Date.now() - 3_700_000).toISOString(),
    processes: [
      {
        service: 'tokendealer',
        replica: 1,
        url: urlOf(ready),
        pid: process.pid,
        state: 'ready',
        restarts: 0,
        started_at: new Date(Date.now() - 125_000).toISOString(),
        last_exit: null,
      },
      {
        service: 'data',
        replica: 1,
        url: urlOf(notReady),
        pid: process.pid,
        state: 'ready',
        restarts: 2,
        started_at: new Date().toISOString(),
        last_exit: 'code 1 at 10:00:00',
        ...over,
      },
    ],
  });

  it('says when no runnerly up keeps its state here, or when it has gone', async () => {
    let out = '';
    assert.equal(await printStatus(dir, (t) => (out += t)), 3);
    assert.match(out, /not running here: no .*supervisor\.json/);
    // A process that has exited: its pid is free.
    const gone = spawnSync(process.execPath, ['-e', 'console.log(process.pid)'], { encoding: 'utf8' });
    writeState(dir, state(Number(gone.stdout.trim())));
    out = '';
    assert.equal(await printStatus(dir, (t) => (out += t)), 3);
    assert.match(out, /runnerly up is not running \(pid \d+ is gone/);
  });

  it('asks every process for /readyz now and prints each with its restarts and uptime', async () => {
    writeState(dir, state(process.pid));
    let out = '';
    assert.equal(await printStatus(dir, (t) => (out += t)), 1, 'one process is not ready');
    const [head, header, token, data] = out.trimEnd().split('\n');
    assert.match(head!, /^runnerly up \(pid \d+\) running for 1 h 1 min$/);
    assert.match(header!, /^SERVICE\s+REPLICA\s+PID\s+URL\s+STATE\s+HEALTH\s+RESTARTS\s+UPTIME\s+LAST EXIT$/);
    assert.match(token!, /^tokendealer\s+1\s+\d+\s+http:\/\/127\.0\.0\.1:\d+\s+ready\s+ready\s+0\s+2 min 5 s\s+-$/);
    assert.match(data!, /^data\s+1\s+\d+\s+\S+\s+ready\s+not ready\s+2\s+\d+ s\s+code 1 at 10:00:00$/);

    writeState(
      dir,
      state(process.pid, { url: 'http://127.0.0.1:1', pid: null, state: 'restarting', started_at: null }),
    );
    out = '';
    assert.equal(await printStatus(dir, (t) => (out += t)), 1);
    assert.match(out, /data\s+1\s+-\s+http:\/\/127\.0\.0\.1:1\s+restarting\s+down\s+2\s+-/);

    writeState(dir, state(process.pid, { url: urlOf(ready) }));
    assert.equal(await printStatus(dir, () => {}), 0, 'every process ready');
    assert.equal(readState(dir)?.processes.length, 2);
  });

  it('writes uptimes a person reads at a glance', () => {
    const now = new Date('2026-03-10T12:00:00Z');
    assert.equal(uptime(null, now), '-');
    assert.equal(uptime('2026-03-10T11:59:15Z', now), '45 s');
    assert.equal(uptime('2026-03-10T09:00:00Z', now), '3 h 0 min');
    assert.equal(uptime('2026-03-05T06:00:00Z', now), '5 d 6 h');
  });
});
