// The 2017 design's data service read (bench/flask2017/app.py: Flask, Flask-SQLAlchemy on SQLite,
// an RS512 JWT checked on every request, gunicorn with 2 workers as the book ran it), started
// beside the system so that `npm run bench` measures both in one run. Needs Debian's
// python3-flask, python3-flask-sqlalchemy, python3-jwt and gunicorn; without them the bench says
// so and goes on (Debian's Python: /usr/bin/python3, which Debian's gunicorn runs).
import { generateKeyPairSync, sign } from 'node:crypto';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../apps/runnerly/src/e2e/waf-harness.ts';

export interface Flask2017 {
  url: string;
  token: string;
  stop(): void;
}

const b64url = (data: Buffer | string) => Buffer.from(data).toString('base64url');

/** The baseline listening and answering, or why it could not be started. */
export async function startFlask2017(): Promise<Flask2017 | { missing: string }> {
  const modules = spawnSync('/usr/bin/python3', ['-c', 'import flask, flask_sqlalchemy, jwt, cryptography'], {
    encoding: 'utf8',
  });
  const gunicorn = spawnSync('gunicorn', ['--version'], { encoding: 'utf8' });
  if (modules.status !== 0 || gunicorn.status !== 0)
    return {
      missing:
        'the 2017 baseline needs Debian packages: apt-get install python3-flask python3-flask-sqlalchemy python3-jwt gunicorn',
    };
  const dir = mkdtempSync(join(tmpdir(), 'runnerly-flask2017-'));
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  writeFileSync(join(dir, 'public.pem'), publicKey.export({ type: 'spki', format: 'pem' }));
  const now = Math.floor(Date.now() / 1000);
  const signingInput = `${b64url(JSON.stringify({ alg: 'RS512', typ: 'JWT' }))}.${b64url(
    JSON.stringify({ sub: '1', aud: 'runnerly.io', iat: now, exp: now + 3600 }),
  )}`;
  const token = `${signingInput}.${b64url(sign('sha512', Buffer.from(signingInput), privateKey))}`;
  const port = await freePort();
  const child = spawn(
    'gunicorn',
    [
      '--workers',
      '2',
      '--preload',
      '--bind',
      `127.0.0.1:${port}`,
      '--chdir',
      new URL('./flask2017', import.meta.url).pathname,
      'app:app',
    ],
    {
      env: { ...process.env, FLASK2017_DB: join(dir, 'runs.db'), FLASK2017_PUBLIC_KEY: join(dir, 'public.pem') },
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  );
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-2000)));
  const stop = () => {
    child.once('exit', () => rmSync(dir, { recursive: true, force: true }));
    child.kill('SIGTERM');
  };
  const url = `http://127.0.0.1:${port}/runs/1?limit=10`;
  for (let i = 0; i < 150; i++) {
    const res = await fetch(url, { headers: { authorization: `Bearer ${token}` } }).catch(() => undefined);
    if (res?.status === 200 && ((await res.json()) as unknown[]).length === 10) return { url, token, stop };
    if (child.exitCode !== null) break;
    await new Promise((r) => setTimeout(r, 200));
  }
  stop();
  throw new Error(`the 2017 baseline did not answer within 30 s:\n${stderr}`);
}
