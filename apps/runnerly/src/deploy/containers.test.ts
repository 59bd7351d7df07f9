import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readdirSync, readFileSync, rmSync, type Dirent } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { envPrefix, planUrls, serviceEnv, type Env } from '@runnerly/service-kit';
import { amqpTestUrl, isDistributed, postgresAdminUrl } from '@runnerly/storage/testing';
import { syntheticRun, writeGpx } from '@runnerly/activity-files/fixtures';
import { waitFor } from '@runnerly/testing';
import { activeServices, sharedSettings } from '../registry.ts';
import { releaseVersion } from './files.ts';

// The image (Dockerfile) run for real: `runnerly setup`, then every service in its own container,
// with host networking against this machine's PostgreSQL and RabbitMQ; a runner signs up through
// the containerised gateway, imports a GPX file and reads the run back. It builds on an image made
// beforehand (.ci/containers.sh: base images, `docker build --network host`), so it runs only when
// asked: RUNNERLY_CONTAINER_TEST=1.
const run = promisify(execFile);
const docker = (...args: string[]) => run('docker', args, { maxBuffer: 16 * 1024 * 1024 });
const image = process.env.RUNNERLY_IMAGE ?? `runnerly:${releaseVersion()}`;
const engine = spawnSync('docker', ['info', '--format', '{{.ServerVersion}}'], { encoding: 'utf8' }).status === 0;
const asked = process.env.RUNNERLY_CONTAINER_TEST === '1';

const skip = asked
  ? false
  : engine
    ? 'the container test builds on an image and starts containers: .ci/containers.sh runs it (RUNNERLY_CONTAINER_TEST=1)'
    : 'no Docker engine on this machine: the container test was skipped (.ci/containers.sh installs Docker and runs it)';

// The distributed suite must skip nothing; the container test has its own CI step.
if (!isDistributed() || asked) {
  describe('Runnerly in containers', { skip, timeout: 600_000 }, () => {
    const tag = `ct${randomBytes(4).toString('hex')}`;
    const names: string[] = [];
    const databases: string[] = [];
    let vhost: string | undefined;
    let dataDir: string;
    let urls: Record<string, string>;

    const admin = async (sql: string) => {
      const client = new pg.Client({ connectionString: postgresAdminUrl() });
      await client.connect();
      try {
        await client.query(sql);
      } finally {
        await client.end();
      }
    };
    /** `docker run` on the host's network, as uid 10001 (the image's user), with /data on dataDir. */
    const container = async (name: string, env: Env, args: string[], detach = true) => {
      const flags = Object.entries(env).flatMap(([k, v]) => (v === undefined ? [] : ['-e', `${k}=${v}`]));
      const full = `runnerly-${tag}-${name}`;
      names.push(full);
      const out = await docker(
        'run',
        ...(detach ? ['-d'] : []),
        '--name',
        full,
        '--network',
        'host',
        '-v',
        `${dataDir}:/data`,
        ...flags,
        image,
        ...args,
      );
      return out.stdout;
    };

    before(async () => {
      await docker('image', 'inspect', image).catch(() => {
        throw new Error(`no image ${image}: build it first (.ci/containers.sh)`);
      });
      dataDir = mkdtempSync(join(tmpdir(), `runnerly-${tag}-`));
      chmodSync(dataDir, 0o777);
      const services = await activeServices({});
      const parent: Env = {};
      for (const { module } of services) {
        if (!module.migrate) continue;
        const db = `runnerly_${tag}_${module.name.replace(/-/g, '_')}`;
        await admin(`create database ${db}`);
        databases.push(db);
        const url = new URL(postgresAdminUrl());
        url.pathname = `/${db}`;
        parent[`${envPrefix(module.name)}DATABASE_URL`] = url.toString();
      }
      // Its own RabbitMQ virtual host, so that nothing else on this broker sees its messages.
      const amqp = new URL(amqpTestUrl());
      if (spawnSync('rabbitmqctl', ['-q', 'add_vhost', tag]).status === 0) {
        spawnSync('rabbitmqctl', [
          '-q',
          'set_permissions',
          '-p',
          tag,
          decodeURIComponent(amqp.username),
          '.*',
          '.*',
          '.*',
        ]);
        vhost = tag;
        amqp.pathname = `/${tag}`;
      }
      parent.AMQP_URL = amqp.toString();
      urls = await planUrls(
        services.map((s) => ({ name: s.module.name, offset: s.offset })),
        0,
        '127.0.0.1',
      );
      const setup = await container('setup', { ...parent, DATA_DIR: '/data', LOG_LEVEL: 'warn' }, ['setup'], false);
      assert.match(setup, /tokendealer: database up to date/);
      for (const { module } of services) {
        const env = serviceEnv(
          module,
          parent,
          urls,
          undefined,
          { LOG_LEVEL: 'warn', HOST: '127.0.0.1', DATA_DIR: '/data' },
          sharedSettings,
        );
        await container(module.name, env, ['start', module.name]);
        // The token dealer first: the others fetch its keys when they start.
        if (module.name === 'tokendealer') await ready(urls.tokendealer!);
      }
      for (const url of Object.values(urls)) await ready(url);
    });

    async function ready(url: string) {
      await waitFor(
        `${url}/readyz`,
        async () => (await fetch(`${url}/readyz`).catch(() => undefined))?.status === 200,
        120_000,
        500,
      );
    }

    after(async () => {
      if (names.length && process.env.RUNNERLY_CONTAINER_LOGS) {
        for (const name of names) {
          const logs = await docker('logs', '--tail', '40', name).catch((e: Error) => ({
            stdout: '',
            stderr: e.message,
          }));
          process.stdout.write(`--- ${name}\n${logs.stdout}${logs.stderr}\n`);
        }
      }
      if (names.length) await docker('rm', '-f', ...names).catch(() => undefined);
      for (const db of databases) await admin(`drop database if exists ${db} with (force)`).catch(() => undefined);
      if (vhost) spawnSync('rabbitmqctl', ['-q', 'delete_vhost', vhost]);
      if (dataDir) rmSync(dataDir, { recursive: true, force: true });
    });

    it('runs every service from the image, compiled, on Node.js 24, as a user without privileges', async () => {
      const version = await docker('run', '--rm', '--network', 'none', image, '--version');
      assert.match(
        version.stdout,
        new RegExp(`^runnerly ${releaseVersion().replaceAll('.', '\\.')} \\(Node\\.js v24\\.\\d+\\.\\d+, compiled\\)`),
      );
      const id = await docker('run', '--rm', '--network', 'none', '--entrypoint', 'id', image);
      assert.match(id.stdout, /^uid=10001\(runnerly\)/);
      const running = await docker('ps', '--filter', `name=runnerly-${tag}-`, '--format', '{{.Names}}');
      assert.deepEqual(
        running.stdout.trim().split('\n').sort(),
        (await activeServices({})).map((s) => `runnerly-${tag}-${s.module.name}`).sort(),
      );
    });

    it('signs a runner up through the containerised gateway, imports a run and reads it back', async () => {
      const gateway = urls.gateway!;
      const jar = new Map<string, string>();
      const call = async (method: string, path: string, body?: unknown) => {
        const headers: Record<string, string> = {};
        if (jar.size) headers.cookie = [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
        if (method !== 'GET') headers['x-csrf-token'] = jar.get('runnerly_csrf') ?? '';
        let payload: string | FormData | undefined;
        if (body instanceof FormData) payload = body;
        else if (body !== undefined) {
          headers['content-type'] = 'application/json';
          payload = JSON.stringify(body);
        }
        const res = await fetch(`${gateway}${path}`, { method, headers, body: payload, redirect: 'manual' });
        for (const c of res.headers.getSetCookie()) {
          const [pair] = c.split(';');
          const i = pair!.indexOf('=');
          jar.set(pair!.slice(0, i), pair!.slice(i + 1));
        }
        const text = await res.text();
        return { status: res.status, body: text ? (JSON.parse(text) as Record<string, any>) : {} };
      };
      const email = `${tag}@example.com`;
      const password = 'container lantern orchard 42';
      await call('GET', '/api/session');
      const signup = await call('POST', '/api/auth/signup', { email, password });
      assert.equal(signup.status, 202, JSON.stringify(signup.body));
      // The activation mail, in the development mailbox the accounts container wrote to /data.
      const token = await waitFor(
        'the activation mail',
        () => {
          const dir = join(dataDir, 'mailbox');
          let files: Dirent[] = [];
          try {
            files = readdirSync(dir, { withFileTypes: true, recursive: true });
          } catch {
            return undefined; // no mail yet
          }
          for (const file of files) {
            if (!file.isFile()) continue;
            let mail: { to: string; text: string };
            try {
              mail = JSON.parse(readFileSync(join(file.parentPath, file.name), 'utf8')) as typeof mail;
            } catch {
              continue; // still being written by the accounts container: read it next time
            }
            const match = mail.to === email ? /activate\?token=([^\s"&<]+)/.exec(mail.text) : null;
            if (match) return match[1];
          }
          return undefined;
        },
        30_000,
        200,
      );
      const activated = await call('POST', '/api/auth/activate', { token });
      assert.equal(activated.status, 200, JSON.stringify(activated.body));
      const login = await call('POST', '/api/auth/login', { email, password });
      assert.equal(login.status, 200, JSON.stringify(login.body));
      const userId = login.body.user.id as string;

      const gpx = syntheticRun({
        seed: 11,
        startTime: Date.parse('2026-03-01T07:00:00Z'),
        legs: [{ seconds: 1200, speed: 3.1 }],
      });
      const form = new FormData();
      form.append('file', new Blob([new Uint8Array(writeGpx(gpx))], { type: 'application/gpx+xml' }), 'container.gpx');
      const imported = await call('POST', `/api/imports/users/${userId}/imports`, form);
      assert.ok([200, 201, 202].includes(imported.status), JSON.stringify(imported.body));

      const runs = await waitFor(
        'the imported run',
        async () => {
          const res = await call('GET', '/api/me/runs');
          const list = (Array.isArray(res.body) ? res.body : (res.body.runs ?? [])) as {
            start_time: string;
            distance_m: number;
          }[];
          return list.length ? list : undefined;
        },
        60_000,
        500,
      );
      assert.equal(runs.length, 1);
      assert.equal(new Date(runs[0]!.start_time).toISOString(), '2026-03-01T07:00:00.000Z');
      assert.ok(Math.abs(runs[0]!.distance_m - 1200 * 3.1) < 1200 * 3.1 * 0.05, String(runs[0]!.distance_m));
    });
  });
}
