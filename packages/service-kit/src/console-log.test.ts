import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { logFormat, prettyLine } from './console-log.ts';

describe('console log format', () => {
  it('is JSON unless on a terminal, and LOG_FORMAT decides when set', () => {
    assert.equal(logFormat({}, false), 'json');
    assert.equal(logFormat({}, true), 'pretty');
    assert.equal(logFormat({ LOG_FORMAT: 'json' }, true), 'json');
    assert.equal(logFormat({ LOG_FORMAT: 'pretty' }, false), 'pretty');
  });
  it('writes a log line as time, service, level and message', () => {
    const line = JSON.stringify({
      level: 40,
      time: '2026-03-09T08:15:02.123Z',
      service: 'strava',
      pid: 1,
      msg: 'rate limit reached',
      queue: 'sync',
      err: { message: 'boom', stack: 'at …' },
    });
    assert.equal(prettyLine(line), '08:15:02 strava      WARN rate limit reached  queue=sync error="boom"\n');
    assert.equal(
      prettyLine(JSON.stringify({ level: 30, time: '2026-03-09T08:15:02Z', service: 'gateway', msg: 'listening' })),
      '08:15:02 gateway     listening\n',
    );
    assert.equal(prettyLine('not json'), 'not json\n');
  });
});
