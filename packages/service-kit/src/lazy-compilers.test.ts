import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import AjvCompiler from '@fastify/ajv-compiler';
import { SerializerSelector } from '@fastify/fast-json-stringify-compiler';
import Fastify from 'fastify';
import { lazySerializers, lazyValidators } from './lazy-compilers.ts';

describe('lazy compilers', () => {
  it("compile a route's validator and serializer on its first request, and validate and serialise as Fastify's own", async () => {
    const compiled = { validators: 0, serializers: 0 };
    const ajv = AjvCompiler();
    const fjs = SerializerSelector();
    const countingAjv = ((schemas: unknown, options: unknown) => {
      const compile = (ajv as (s: unknown, o: unknown) => (r: unknown) => unknown)(schemas, options);
      return (route: unknown) => {
        compiled.validators++;
        return compile(route);
      };
    }) as unknown as AjvCompiler.ValidatorFactory;
    const countingFjs: typeof fjs = (schemas, options) => {
      const compile = fjs(schemas, options);
      return (route) => {
        compiled.serializers++;
        return compile(route);
      };
    };
    const app = Fastify({
      ajv: { customOptions: { coerceTypes: 'array', useDefaults: true, removeAdditional: false } },
      schemaController: {
        compilersFactory: {
          buildValidator: lazyValidators(countingAjv),
          buildSerializer: lazySerializers(countingFjs),
        },
      },
    });
    const body = {
      type: 'object',
      required: ['km'],
      additionalProperties: false,
      properties: { km: { type: 'number', minimum: 0 }, note: { type: 'string', default: 'none' } },
    };
    const answer = {
      200: { type: 'object', properties: { km: { type: 'number' }, note: { type: 'string' } } },
    };
    for (const url of ['/a', '/b', '/c'])
      app.post(url, { schema: { body, response: answer } }, async (request) => ({
        ...(request.body as object),
        secret: 'not in the schema',
      }));
    await app.ready();
    assert.deepEqual(compiled, { validators: 0, serializers: 0 }, 'nothing compiled at start');

    const ok = await app.inject({ method: 'POST', url: '/a', payload: { km: '5' } });
    assert.equal(ok.statusCode, 200);
    assert.deepEqual(ok.json(), { km: 5, note: 'none' }, 'coerced, defaulted, and only the schema’s fields sent');
    assert.deepEqual(compiled, { validators: 1, serializers: 1 }, 'only the route that was called');

    const bad = await app.inject({ method: 'POST', url: '/a', payload: { km: -1 } });
    assert.equal(bad.statusCode, 400);
    assert.match(bad.json().message, /km must be >= 0/, "the compiled validator's errors are reported");
    const extra = await app.inject({ method: 'POST', url: '/b', payload: { km: 1, other: true } });
    assert.equal(extra.statusCode, 400);
    assert.match(extra.json().message, /additional properties/);
    assert.equal(compiled.validators, 2, 'each route compiles once');
    await app.close();
  });
});
