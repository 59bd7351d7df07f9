import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import http from 'node:http';
import net from 'node:net';
import { fileURLToPath } from 'node:url';

const fixture = fileURLToPath(new URL('./fixtures/slow-service.ts', import.meta.url));

interface Started {
  child: ChildProcess;
  port: number;
  logs: string[];
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

async function startService(): Promise<Started> {
  const child = spawn(process.execPath, ['--import', 'tsx', fixture], {
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const logs: string[] = [];
  const exited = once(child, 'exit').then(
    ([code, signal]) => ({ code, signal }) as { code: number | null; signal: NodeJS.Signals | null },
  );
  const port = await new Promise<number>((resolve, reject) => {
    let rest = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      const lines = (rest + chunk.toString()).split('\n');
      rest = lines.pop() ?? '';
      for (const line of lines) {
        logs.push(line);
        const m = /"url":"http:\/\/127\.0\.0\.1:(\d+)"/.exec(line);
        if (m) resolve(Number(m[1]));
      }
    });
    void exited.then(() => reject(new Error(`service exited before listening:\n${logs.join('\n')}`)));
  });
  return { child, port, logs, exited };
}

function get(port: number, path: string, agent: http.Agent): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    http
      .get({ host: '127.0.0.1', port, path, agent }, (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (body += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      })
      .on('error', reject);
  });
}

test('SIGTERM with idle keep-alive clients (used and never used) closes them and exits 0 at once', async () => {
  const s = await startService();
  const agent = new http.Agent({ keepAlive: true, maxSockets: 4 });
  try {
    await Promise.all([get(s.port, '/quick', agent), get(s.port, '/quick', agent), get(s.port, '/quick', agent)]);
    // A connection opened and never used, as a browser's preconnect or a client's pool opens one.
    const opened = net.connect(s.port, '127.0.0.1');
    await once(opened, 'connect');
    const closedByServer = once(opened, 'close');
    const started = Date.now();
    s.child.kill('SIGTERM');
    const { code } = await s.exited;
    const seconds = (Date.now() - started) / 1000;
    assert.equal(code, 0, s.logs.join('\n'));
    assert.ok(seconds < 5, `shutdown took ${seconds} s`);
    await closedByServer;
    assert.ok(!s.logs.some((l) => l.includes('took too long')));
  } finally {
    agent.destroy();
    s.child.kill('SIGKILL');
  }
});

test('SIGTERM twice (the process group and the supervisor) is handled once: the request in flight is answered, exit 0', async () => {
  const s = await startService();
  const agent = new http.Agent({ keepAlive: true });
  try {
    const inFlight = get(s.port, '/slow?ms=1500', agent);
    await new Promise((r) => setTimeout(r, 300));
    s.child.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 100));
    s.child.kill('SIGTERM');
    const answer = await inFlight;
    assert.equal(answer.status, 200);
    assert.deepEqual(JSON.parse(answer.body), { ok: true, slept: 1500 });
    const { code, signal } = await s.exited;
    assert.equal(signal, null);
    assert.equal(code, 0, s.logs.join('\n'));
    assert.equal(s.logs.filter((l) => l.includes('"msg":"shutting down"')).length, 1);
  } finally {
    agent.destroy();
    s.child.kill('SIGKILL');
  }
});
