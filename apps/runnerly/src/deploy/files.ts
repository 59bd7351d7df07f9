import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { stringify } from 'yaml';
import { composeFile, postgresInit } from './compose.ts';
import { kubernetesBase, secretKeys } from './kubernetes.ts';

export const repoRoot = resolve(import.meta.dirname, '..', '..', '..', '..');

/** The release the files deploy: @runnerly/runnerly's version (CHANGELOG.md). */
export function releaseVersion(): string {
  return (JSON.parse(readFileSync(join(repoRoot, 'apps', 'runnerly', 'package.json'), 'utf8')) as { version: string })
    .version;
}

const header = (what: string) =>
  `# ${what}\n# Written by \`npm run deploy-files\` from the registry (apps/runnerly/src/registry.ts): edit\n# apps/runnerly/src/deploy/*.ts, not this file. A test fails when it is out of date.\n`;
const yaml = (value: unknown) => stringify(value, { aliasDuplicateObjects: false, lineWidth: 0, version: '1.1' });

/** Every generated deployment file: path under the repository → contents. */
export function deploymentFiles(version = releaseVersion()): Record<string, string> {
  const out: Record<string, string> = {
    'compose.yaml': `${header('Runnerly on one machine: `docker compose up` (README, "Run it on several machines").')}${yaml(composeFile(version))}`,
    'deploy/compose/postgres-init.sql': postgresInit(),
  };
  const base = kubernetesBase(version);
  for (const { file, objects } of base) {
    out[`deploy/k8s/base/${file}`] =
      `${header(`Kubernetes base: ${file.replace(/\.yaml$/, '')}.`)}${objects.map((o) => yaml(o)).join('---\n')}`;
  }
  out['deploy/k8s/base/kustomization.yaml'] =
    `${header('Kubernetes base: every service of the registry, the setup Job, the network policies.')}${yaml({
      apiVersion: 'kustomize.config.k8s.io/v1beta1',
      kind: 'Kustomization',
      labels: [{ pairs: { 'app.kubernetes.io/part-of': 'runnerly' } }],
      resources: base.map((f) => f.file),
    })}`;
  const keys = secretKeys();
  out['deploy/k8s/secrets.env.example'] =
    `# The Secrets an overlay generates (copy to overlays/<name>/<secret>.env, never commit those):\n` +
    Object.entries(keys)
      .map(([secret, names]) => `# ${secret}.env\n${names.map((n) => `${n}=`).join('\n')}\n`)
      .join('\n');
  return out;
}
