// The local clock's offset a real recording declares (the run's zone when it has no position).
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, it } from 'node:test';
import { parseFile } from './index.ts';

const corpus =
  process.env.RUNNERLY_ACTIVITY_CORPUS ??
  resolve(import.meta.dirname, '..', '..', '..', '..', 'shared', 'activity-corpus');
const files = resolve(corpus, 'files');

function offsetOf(name: string): number | null {
  const parsed = parseFile(readFileSync(resolve(files, name)), { maxBytes: 50 * 1024 * 1024, runningOnly: true });
  return parsed.activities[0]!.track.utcOffsetMinutes;
}

describe('the local clock offset of a file', { skip: !existsSync(files) && 'no shared activity corpus' }, () => {
  it('comes from the offset GPX times are written with', () => {
    // pytrainer writes every <time> as "2012-01-26T18:11:00+01:00".
    assert.equal(offsetOf('pytrainer__gpxplus_sample.gpx'), 60);
  });
  it("comes from a FIT activity's local_timestamp, also for a treadmill run without GPS", () => {
    assert.equal(offsetOf('sportslib__6860622783.fit'), -300, 'a February treadmill run on the US east coast');
    assert.equal(offsetOf('sportslib__6782987395.fit'), -240, 'New York in June');
    assert.equal(offsetOf('tormoder__mornindew-broken.fit'), -360, 'Denver in May');
  });
  it('is unknown when the file writes UTC times only, or a FIT local clock equal to UTC', () => {
    assert.equal(offsetOf('sportstracker__Forerunner405-Running_CadenceSensor.tcx'), null);
    assert.equal(offsetOf('sportslib__1681613317.gpx'), null);
    assert.equal(offsetOf('sportslib__6916663933.fit'), null, 'COROS writes local_timestamp = timestamp');
  });
});
