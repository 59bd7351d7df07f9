import { it } from 'node:test';
import assert from 'node:assert/strict';
import { ResponseChecker } from './check.ts';
import type { Operation } from './requests.ts';

const error = {
  type: 'object',
  required: ['code', 'message'],
  properties: { code: { type: 'string' }, message: { type: 'string' } },
};
const op: Operation = {
  service: 'demo',
  method: 'GET',
  path: '/runs/{runId}',
  spec: {
    responses: {
      200: { content: { 'application/json': { schema: { $ref: '#/components/schemas/Run' } } } },
      404: { content: { 'application/json': { schema: error } } },
    },
  },
};
const docs = {
  demo: {
    components: {
      schemas: { Run: { type: 'object', required: ['id'], properties: { id: { type: 'string', format: 'uuid' } } } },
    },
  },
};
const json = 'application/json; charset=utf-8';

it('accepts declared answers that match their schema, and names every other problem', () => {
  const checker = new ResponseChecker(docs);
  const ok = { status: 200, contentType: json, text: '{"id":"2b0b3c3e-2a8e-4a5e-9d55-6d0f1f7e2c11"}' };
  assert.deepEqual(checker.problems(op, ok), []);
  assert.deepEqual(
    checker.problems(op, { status: 404, contentType: json, text: '{"code":"not_found","message":"No."}' }),
    [],
  );
  const [bad] = checker.problems(op, { status: 200, contentType: json, text: '{"id":"nope"}' });
  assert.match(bad!, /does not match demo GET \/runs\/\{runId\}'s 200 schema/);
  assert.match(
    checker.problems(op, { status: 409, contentType: json, text: '{"code":"x","message":"y"}' })[0]!,
    /409 is not declared/,
  );
  const crash = checker.problems(op, { status: 500, contentType: 'text/plain', text: 'Internal Server Error' });
  assert.equal(crash.length, 3, crash.join('\n'));
  assert.match(
    checker.problems(op, { status: 404, contentType: json, text: '{"error":"x"}' }).join(),
    /not \{code, message\}/,
  );
  // A path trick may reach any route: only the status class and the error body count.
  assert.deepEqual(
    checker.problems(op, { status: 405, contentType: json, text: '{"code":"x","message":"y"}' }, undefined, true),
    [],
  );
});
