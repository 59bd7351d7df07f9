import { it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { collectOpenApi, openApiDir } from './openapi.ts';

it('the committed OpenAPI documents match what the services serve (run `npm run openapi` after changing a route)', async () => {
  const docs = await collectOpenApi();
  assert.ok(Object.keys(docs).length >= 2);
  for (const [name, doc] of Object.entries(docs)) {
    let committed = '';
    try {
      committed = readFileSync(join(openApiDir, `${name}.json`), 'utf8');
    } catch {
      /* missing: reported below */
    }
    assert.equal(committed, doc, `docs/openapi/${name}.json is out of date: run npm run openapi`);
  }
});
