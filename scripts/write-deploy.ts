// Writes compose.yaml and the Kubernetes base (deploy/k8s/base) from the registry of services.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { deploymentFiles, repoRoot } from '../apps/runnerly/src/deploy/files.ts';

for (const [path, text] of Object.entries(deploymentFiles())) {
  mkdirSync(dirname(join(repoRoot, path)), { recursive: true });
  writeFileSync(join(repoRoot, path), text);
  console.log(`wrote ${path}`);
}
