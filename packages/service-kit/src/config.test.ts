import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Type } from '@sinclair/typebox';
import { ConfigError, baseConfig, loadConfig } from './config.ts';

const schema = {
  ...baseConfig,
  PORT: Type.Integer({ minimum: 0, maximum: 65535, default: 8083 }),
  RETRIES: Type.Integer({ minimum: 0, default: 2 }),
};

describe('configuration', () => {
  it('converts strings, applies defaults and ignores unknown keys', () => {
    const config = loadConfig('svc', schema, { PORT: '9000', OTHER: 'x' });
    assert.equal(config.PORT, 9000);
    assert.equal(config.RETRIES, 2);
    assert.equal(config.HOST, '127.0.0.1');
    assert.equal(config.DATABASE_URL, undefined);
  });
  it('names every bad value in one clear error', () => {
    assert.throws(
      () => loadConfig('svc', schema, { PORT: 'eighty', LOG_LEVEL: 'loud', DATABASE_URL: 'mysql://x' }),
      (err: unknown) => {
        assert.ok(err instanceof ConfigError);
        assert.match(err.message, /svc: invalid configuration/);
        assert.match(err.message, /PORT="eighty"/);
        assert.match(err.message, /LOG_LEVEL="loud"/);
        assert.match(err.message, /DATABASE_URL="mysql:\/\/x"/);
        return true;
      },
    );
  });
});
