import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { parseAllDocuments } from 'yaml';
import { releaseVersion, repoRoot } from './files.ts';
import { clusterServices, secretKeys } from './kubernetes.ts';
import { envPrefix } from '@runnerly/service-kit';
import { ConfigMap, Secret, Service } from 'kubernetes-models/v1';
import { Deployment } from 'kubernetes-models/apps/v1';
import { Job } from 'kubernetes-models/batch/v1';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1';
import { HorizontalPodAutoscaler } from 'kubernetes-models/autoscaling/v2';
import { NetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1';

// `kubectl kustomize` renders offline; the objects are validated against the Kubernetes JSON schemas
// of the kubernetes-models package, then checked against the services themselves.
const kubectl = spawnSync('kubectl', ['version', '--client'], { encoding: 'utf8' }).status === 0;
const skip = kubectl ? false : 'kubectl is not installed: the Kubernetes manifests were not rendered';

interface K8s {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string> };
  spec?: any;
  data?: Record<string, string>;
}

type Model = new (o: never) => { validate(): void };
/** The kubernetes-models model of each apiVersion/kind the manifests use: it validates against the JSON schema. */
const models: Record<string, Model> = {
  'v1/ConfigMap': ConfigMap,
  'v1/Secret': Secret,
  'v1/Service': Service,
  'apps/v1/Deployment': Deployment,
  'batch/v1/Job': Job,
  'policy/v1/PodDisruptionBudget': PodDisruptionBudget,
  'autoscaling/v2/HorizontalPodAutoscaler': HorizontalPodAutoscaler,
  'networking.k8s.io/v1/NetworkPolicy': NetworkPolicy,
};
async function validate(object: K8s): Promise<void> {
  const Model = models[`${object.apiVersion}/${object.kind}`];
  assert.ok(Model, `${object.apiVersion} ${object.kind}: a kind the manifests should not have`);
  new Model(object as never).validate();
}

describe('the Kubernetes manifests', { skip }, () => {
  const rendered: Record<string, K8s[]> = {};
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'runnerly-k8s-'));
    cpSync(join(repoRoot, 'deploy', 'k8s'), join(dir, 'k8s'), { recursive: true });
    for (const overlay of ['small', 'large']) {
      // The Secret files an operator writes (never committed): every key, random values.
      for (const [secret, keys] of Object.entries(secretKeys())) {
        const lines = keys.map((k) => `${k}=${randomBytes(24).toString('base64url')}`);
        writeFileSync(join(dir, 'k8s', 'overlays', overlay, `${secret}.env`), `${lines.join('\n')}\n`);
      }
      const out = execFileSync('kubectl', ['kustomize', join(dir, 'k8s', 'overlays', overlay)], { encoding: 'utf8' });
      rendered[overlay] = parseAllDocuments(out).map((d) => d.toJS() as K8s);
    }
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  for (const overlay of ['small', 'large']) {
    describe(`overlays/${overlay}`, () => {
      const objects = () => rendered[overlay]!;
      const of = (kind: string) => objects().filter((o) => o.kind === kind);

      it('renders objects that are valid against the Kubernetes schemas', async () => {
        assert.ok(objects().length > 20, `${objects().length} objects`);
        for (const object of objects()) await validate(object);
        // The validation does refuse a wrong object.
        await assert.rejects(
          validate({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'x' }, spec: { replicas: 'two' } }),
        );
        for (const object of objects()) assert.equal(object.metadata.namespace, 'runnerly', object.metadata.name);
      });

      it('runs every service with its image, port, probes and variables', () => {
        const version = releaseVersion();
        const secrets = new Map(of('Secret').map((s) => [s.metadata.name, Object.keys(s.data ?? {})]));
        const configMaps = new Map(of('ConfigMap').map((c) => [c.metadata.name, Object.keys(c.data ?? {})]));
        const services = clusterServices();
        assert.deepEqual(
          of('Deployment')
            .map((d) => d.metadata.name)
            .sort(),
          services.map((s) => s.name).sort(),
        );
        for (const service of services) {
          const deployment = of('Deployment').find((d) => d.metadata.name === service.name)!;
          const [container] = deployment.spec.template.spec.containers;
          assert.equal(container.image, `registry.example.com/runnerly:${version}`, service.name);
          assert.deepEqual(container.args, ['start', service.name]);
          assert.deepEqual(container.ports, [{ name: 'http', containerPort: service.port }]);
          assert.deepEqual(container.readinessProbe.httpGet, { path: '/readyz', port: 'http' });
          assert.deepEqual(container.livenessProbe.httpGet, { path: '/healthz', port: 'http' });
          assert.ok(
            container.resources.requests.cpu && container.resources.limits.memory,
            `${service.name}: resources`,
          );
          assert.equal(deployment.spec.template.spec.containers[0].securityContext.runAsNonRoot, true);
          const env = container.env as { name: string; value?: string; valueFrom?: any }[];
          for (const variable of env) {
            assert.ok(
              service.settings.includes(variable.name),
              `${service.name}: ${variable.name} is no setting of it`,
            );
            const secretRef = variable.valueFrom?.secretKeyRef;
            if (secretRef && !secretRef.optional)
              assert.ok(
                secrets.get(secretRef.name)?.includes(secretRef.key),
                `${service.name}: ${secretRef.name}/${secretRef.key}`,
              );
            const mapRef = variable.valueFrom?.configMapKeyRef;
            if (mapRef)
              assert.ok(
                configMaps.get(mapRef.name)?.includes(mapRef.key),
                `${service.name}: ${mapRef.name}/${mapRef.key}`,
              );
            const target = services.find((s) => variable.name === `${envPrefix(s.name)}URL`);
            if (target) assert.equal(variable.value, `http://${target.name}:${target.port}`);
          }
          assert.equal(env.find((e) => e.name === 'PORT')?.value, String(service.port));
          if (service.database) assert.ok(env.some((e) => e.name === 'DATABASE_URL' && e.valueFrom?.secretKeyRef));
          if (service.client) assert.ok(env.some((e) => e.name === 'CLIENT_SECRET' && e.valueFrom?.secretKeyRef));
          const svc = of('Service').find((s) => s.metadata.name === service.name)!;
          assert.deepEqual(svc.spec.ports, [{ name: 'http', port: service.port, targetPort: 'http' }]);
          assert.ok(
            of('PodDisruptionBudget').some((p) => p.metadata.name === service.name),
            `${service.name}: PDB`,
          );
          const hpa = of('HorizontalPodAutoscaler').find((h) => h.metadata.name === service.name);
          assert.equal(Boolean(hpa), service.scalable, `${service.name}: HPA`);
          if (hpa) assert.equal(hpa.spec.scaleTargetRef.name, service.name);
        }
      });

      it('migrates with a Job and lets only the gateway be reached from outside', () => {
        const [job] = of('Job');
        assert.deepEqual(job?.spec.template.spec.containers[0].args, ['setup']);
        const jobEnv = (job!.spec.template.spec.containers[0].env as { name: string }[]).map((e) => e.name);
        for (const s of clusterServices().filter((x) => x.database))
          assert.ok(jobEnv.includes(`${envPrefix(s.name)}DATABASE_URL`));
        const policies = of('NetworkPolicy');
        const internal = policies.find((p) => p.metadata.name === 'runnerly-internal')!;
        assert.deepEqual(internal.spec.ingress, [
          { from: [{ podSelector: { matchLabels: { 'app.kubernetes.io/part-of': 'runnerly' } } }] },
        ]);
        const open = policies.filter((p) => p.spec.ingress?.some((rule: { from?: unknown }) => !rule.from));
        assert.deepEqual(
          open.map((p) => p.spec.podSelector.matchLabels['app.kubernetes.io/name']),
          ['gateway'],
        );
      });
    });
  }

  it('scales the large deployment further than the small one', () => {
    const max = (overlay: string) =>
      Math.max(
        ...rendered[overlay]!.filter((o) => o.kind === 'HorizontalPodAutoscaler').map((h) => h.spec.maxReplicas),
      );
    assert.ok(max('large') > max('small'));
  });
});
