import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { clientSpecs, type Credentials, type Env, type ServiceModule } from '@runnerly/service-kit';
import { clientHolder } from './registry.ts';

/**
 * Makes sure every service that calls others has a client at the token dealer and its
 * secret in `<data>/credentials/<service>.json` (mode 0600). Secrets are generated here,
 * on first start, never committed; an existing secret is kept while the token dealer still
 * knows it with the same scopes.
 */
export async function ensureCredentials(
  modules: ServiceModule[],
  dataDir: string,
  tokendealerEnv: Env,
): Promise<Map<string, Credentials>> {
  const dir = join(dataDir, 'credentials');
  // eslint-disable-next-line security/detect-non-literal-fs-filename -- DATA_DIR/credentials, from the operator's settings
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const specs = clientSpecs(modules);
  const known = new Map<string, Credentials>();
  for (const spec of specs) {
    const existing = readCredentials(join(dir, `${spec.clientId}.json`));
    if (existing) known.set(spec.clientId, existing);
  }
  const out = await (await clientHolder()).registerClients!({ ...tokendealerEnv, DATA_DIR: dataDir }, specs, known);
  for (const [name, creds] of out) {
    if (known.get(name)?.clientSecret === creds.clientSecret) continue;
    const file = join(dir, `${name}.json`);
    // eslint-disable-next-line security/detect-non-literal-fs-filename -- DATA_DIR/credentials/<service>.json, a registry service name
    writeFileSync(file, JSON.stringify(creds, null, 2), { mode: 0o600 });
    // eslint-disable-next-line security/detect-non-literal-fs-filename -- DATA_DIR/credentials/<service>.json, a registry service name
    chmodSync(file, 0o600);
  }
  return out;
}

function readCredentials(file: string): Credentials | undefined {
  try {
    // eslint-disable-next-line security/detect-non-literal-fs-filename -- DATA_DIR/credentials/<service>.json, a registry service name
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as Credentials;
    return parsed.clientId && parsed.clientSecret ? parsed : undefined;
  } catch {
    return undefined;
  }
}

/** A service's credentials written by `runnerly setup`, when its environment does not give them. */
export function storedCredentials(name: string, env: Env): Credentials | undefined {
  if (env.CLIENT_ID && env.CLIENT_SECRET) return undefined;
  try {
    // eslint-disable-next-line security/detect-non-literal-fs-filename -- DATA_DIR/credentials/<service>.json, a registry service name
    const parsed = JSON.parse(readFileSync(join(env.DATA_DIR ?? './data', 'credentials', `${name}.json`), 'utf8'));
    return parsed.clientId && parsed.clientSecret ? (parsed as Credentials) : undefined;
  } catch {
    return undefined;
  }
}
