import { envPrefix } from '@runnerly/service-kit';
import { givenSecretKey } from '../setup.ts';
import { databaseName } from './compose.ts';
import { deployedEnv, deployedServices, imageName, secretSettings, type DeployedService } from './plan.ts';

type K8sObject = Record<string, unknown> & {
  apiVersion: string;
  kind: string;
  metadata: { name: string; labels?: Record<string, string> };
};

const partOf = { 'app.kubernetes.io/part-of': 'runnerly' };
const labels = (name: string) => ({ 'app.kubernetes.io/name': name, ...partOf });
/** Secrets the operator fills (deploy/k8s/README.md): URLs with passwords, client secrets, keys. */
export const secretNames = {
  infrastructure: 'runnerly-infrastructure',
  clients: 'runnerly-clients',
  keys: 'runnerly-keys',
};

/** The services a cluster runs: the simulator stays out (a cluster talks to the real Strava). */
export function clusterServices(): DeployedService[] {
  return deployedServices().filter((s) => !s.optional);
}

const secretRef = (name: string, key: string, optional = false) => ({
  valueFrom: { secretKeyRef: { name, key, ...(optional ? { optional: true } : {}) } },
});

function containerEnv(service: DeployedService, all: DeployedService[]): unknown[] {
  const plain = deployedEnv(service, all, {
    serviceUrl: (s) => `http://${s.name}:${s.port}`,
    databaseUrl: () => 'from the Secret',
    amqpUrl: 'from the Secret',
    smtpUrl: 'from the Secret',
    publicUrl: '$(PUBLIC_URL)',
    host: '0.0.0.0',
    dataDir: '/data',
  });
  const env: unknown[] = [
    // The one address every service needs to know from outside: the overlays set it.
    { name: 'PUBLIC_URL', valueFrom: { configMapKeyRef: { name: 'runnerly-settings', key: 'PUBLIC_URL' } } },
  ];
  for (const [key, value] of Object.entries(plain)) {
    if (key === 'PUBLIC_URL') continue;
    if (key === 'DATABASE_URL')
      env.push({ name: key, ...secretRef(secretNames.infrastructure, `${envPrefix(service.name)}DATABASE_URL`) });
    else if (key === 'AMQP_URL') env.push({ name: key, ...secretRef(secretNames.infrastructure, 'AMQP_URL') });
    else if (key === 'SMTP_URL') env.push({ name: key, ...secretRef(secretNames.infrastructure, 'SMTP_URL', true) });
    else env.push({ name: key, value });
  }
  if (service.client) {
    env.push({ name: 'CLIENT_ID', value: service.name });
    env.push({ name: 'CLIENT_SECRET', ...secretRef(secretNames.clients, givenSecretKey(service.name)) });
  }
  for (const key of secretSettings) {
    if (key === 'CLIENT_SECRET' || !service.settings.includes(key)) continue;
    env.push({ name: key, ...secretRef(secretNames.keys, key, key === 'STRAVA_CLIENT_SECRET') });
  }
  if (service.settings.includes('STRAVA_CLIENT_ID'))
    env.push({
      name: 'STRAVA_CLIENT_ID',
      valueFrom: { configMapKeyRef: { name: 'runnerly-settings', key: 'STRAVA_CLIENT_ID' } },
    });
  return env;
}

const securityContext = {
  runAsNonRoot: true,
  runAsUser: 10001,
  runAsGroup: 10001,
  allowPrivilegeEscalation: false,
  readOnlyRootFilesystem: true,
  capabilities: { drop: ['ALL'] },
};

function deployment(service: DeployedService, all: DeployedService[], image: string): K8sObject {
  const probe = (path: string, period: number) => ({
    httpGet: { path, port: 'http' },
    periodSeconds: period,
    timeoutSeconds: 3,
    failureThreshold: 3,
  });
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: service.name, labels: labels(service.name) },
    spec: {
      replicas: service.scalable ? 2 : 1,
      selector: { matchLabels: { 'app.kubernetes.io/name': service.name } },
      template: {
        metadata: {
          labels: labels(service.name),
          ...(service.metrics
            ? {
                annotations: {
                  'prometheus.io/scrape': 'true',
                  'prometheus.io/port': String(service.port),
                  'prometheus.io/path': '/metrics',
                },
              }
            : {}),
        },
        spec: {
          terminationGracePeriodSeconds: 30,
          containers: [
            {
              name: service.name,
              image,
              args: ['start', service.name],
              ports: [{ name: 'http', containerPort: service.port }],
              env: containerEnv(service, all),
              readinessProbe: probe('/readyz', 5),
              livenessProbe: { ...probe('/healthz', 10), initialDelaySeconds: 10 },
              startupProbe: { ...probe('/healthz', 2), failureThreshold: 30 },
              resources: { requests: { cpu: '100m', memory: '192Mi' }, limits: { cpu: '1', memory: '512Mi' } },
              securityContext,
              volumeMounts: [
                { name: 'data', mountPath: '/data' },
                { name: 'tmp', mountPath: '/tmp' },
              ],
            },
          ],
          volumes: [
            { name: 'data', emptyDir: {} },
            { name: 'tmp', emptyDir: {} },
          ],
        },
      },
    },
  };
}

/** deploy/k8s/base: every object, in the order they are written. */
export function kubernetesBase(version: string): { file: string; objects: K8sObject[] }[] {
  const all = clusterServices();
  const image = `${imageName}:${version}`;
  const files: { file: string; objects: K8sObject[] }[] = [];
  for (const service of all) {
    const objects: K8sObject[] = [
      deployment(service, all, image),
      {
        apiVersion: 'v1',
        kind: 'Service',
        metadata: { name: service.name, labels: labels(service.name) },
        spec: {
          selector: { 'app.kubernetes.io/name': service.name },
          ports: [{ name: 'http', port: service.port, targetPort: 'http' }],
        },
      },
      {
        apiVersion: 'policy/v1',
        kind: 'PodDisruptionBudget',
        metadata: { name: service.name, labels: labels(service.name) },
        spec: { maxUnavailable: 1, selector: { matchLabels: { 'app.kubernetes.io/name': service.name } } },
      },
    ];
    if (service.scalable) {
      objects.push({
        apiVersion: 'autoscaling/v2',
        kind: 'HorizontalPodAutoscaler',
        metadata: { name: service.name, labels: labels(service.name) },
        spec: {
          scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: service.name },
          minReplicas: 2,
          maxReplicas: 6,
          metrics: [
            { type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 70 } } },
          ],
        },
      });
    }
    files.push({ file: `${service.name}.yaml`, objects });
  }
  const setupEnv: unknown[] = [{ name: 'DATA_DIR', value: '/data' }];
  for (const s of all) {
    if (s.database)
      setupEnv.push({
        name: `${envPrefix(s.name)}DATABASE_URL`,
        ...secretRef(secretNames.infrastructure, `${envPrefix(s.name)}DATABASE_URL`),
      });
    if (s.client)
      setupEnv.push({
        name: givenSecretKey(s.name),
        ...secretRef(secretNames.clients, givenSecretKey(s.name)),
      });
  }
  files.push({
    file: 'setup-job.yaml',
    objects: [
      {
        apiVersion: 'batch/v1',
        kind: 'Job',
        metadata: { name: 'runnerly-setup', labels: labels('runnerly-setup') },
        spec: {
          backoffLimit: 6,
          ttlSecondsAfterFinished: 86400,
          template: {
            metadata: { labels: labels('runnerly-setup') },
            spec: {
              restartPolicy: 'OnFailure',
              containers: [
                {
                  name: 'setup',
                  image,
                  args: ['setup'],
                  env: setupEnv,
                  resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: '1', memory: '512Mi' } },
                  securityContext,
                  volumeMounts: [{ name: 'data', mountPath: '/data' }],
                },
              ],
              volumes: [{ name: 'data', emptyDir: {} }],
            },
          },
        },
      },
    ],
  });
  files.push({
    file: 'network-policy.yaml',
    objects: [
      {
        apiVersion: 'networking.k8s.io/v1',
        kind: 'NetworkPolicy',
        metadata: { name: 'runnerly-internal', labels: partOf },
        spec: {
          // Every Runnerly pod takes traffic from Runnerly pods only…
          podSelector: { matchLabels: partOf },
          policyTypes: ['Ingress'],
          ingress: [{ from: [{ podSelector: { matchLabels: partOf } }] }],
        },
      },
      {
        apiVersion: 'networking.k8s.io/v1',
        kind: 'NetworkPolicy',
        metadata: { name: 'runnerly-gateway-public', labels: partOf },
        spec: {
          // …except the gateway, which anyone may reach on its port (the ingress controller, a load balancer).
          podSelector: { matchLabels: { 'app.kubernetes.io/name': 'gateway' } },
          policyTypes: ['Ingress'],
          ingress: [{ ports: [{ protocol: 'TCP', port: all.find((s) => s.name === 'gateway')?.port ?? 8080 }] }],
        },
      },
    ],
  });
  return files;
}

/** The keys each Secret must have (deploy/k8s/secrets.env.example lists them). */
export function secretKeys(): Record<string, string[]> {
  const all = clusterServices();
  return {
    [secretNames.infrastructure]: [
      ...all.filter((s) => s.database).map((s) => `${envPrefix(s.name)}DATABASE_URL`),
      'AMQP_URL',
      'SMTP_URL',
    ],
    [secretNames.clients]: all.filter((s) => s.client).map((s) => givenSecretKey(s.name)),
    [secretNames.keys]: secretSettings.filter((k) => k !== 'CLIENT_SECRET' && all.some((s) => s.settings.includes(k))),
  };
}

export { databaseName };
