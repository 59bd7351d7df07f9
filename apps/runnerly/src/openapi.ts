import type {} from '@fastify/swagger';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmbedded } from './embedded.ts';

/** The OpenAPI document of every service built with the kit, as the running code serves it. */
export async function collectOpenApi(): Promise<Record<string, string>> {
  const dataDir = mkdtempSync(join(tmpdir(), 'runnerly-openapi-'));
  const system = await startEmbedded({ basePort: 0, dataDir, quiet: true, env: { LOG_LEVEL: 'silent' } });
  try {
    const docs: Record<string, string> = {};
    for (const service of system.services) {
      if (service.app) docs[service.name] = `${JSON.stringify(service.app.swagger(), null, 2)}\n`;
    }
    return docs;
  } finally {
    await system.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

export const openApiDir = join(import.meta.dirname, '..', '..', '..', 'docs', 'openapi');
