// Writes each service's OpenAPI document to docs/openapi/<service>.json.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { collectOpenApi, openApiDir } from '../apps/runnerly/src/openapi.ts';

mkdirSync(openApiDir, { recursive: true });
for (const [name, doc] of Object.entries(await collectOpenApi())) {
  writeFileSync(join(openApiDir, `${name}.json`), doc);
  console.log(`wrote docs/openapi/${name}.json`);
}
