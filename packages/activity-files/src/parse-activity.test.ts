import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  corrupt,
  gzip,
  sampleActivities,
  syntheticRun,
  truncate,
  writeFit,
  writeGpx,
  writeTcx,
} from './fixtures/index.ts';
import { FileError, parseActivity, sniff, type FileErrorCode } from './index.ts';

function fails(bytes: Uint8Array, code: FileErrorCode, options?: Parameters<typeof parseActivity>[1]) {
  assert.throws(
    () => parseActivity(bytes, options),
    (error: unknown) => {
      assert.ok(error instanceof FileError, `expected a FileError, got ${String(error)}`);
      assert.equal(error.code, code, error.message);
      assert.ok(error.message.length > 10);
      return true;
    },
  );
}

const run = syntheticRun({ seed: 3, legs: [{ seconds: 600, speed: 3 }], positionNoise: 1 });
const files = { gpx: writeGpx(run), tcx: writeTcx(run), fit: writeFit(run) };

describe('format sniffing', () => {
  it('reads the format from the content whatever the file is called', () => {
    for (const sample of sampleActivities()) {
      const sniffed = sniff(sample.bytes);
      assert.equal(sniffed.format, sample.format, sample.name);
      assert.equal(sniffed.gzip, sample.gzip, sample.name);
    }
    // The same bytes under misleading names still parse as what they are: the API takes no name.
    assert.equal(parseActivity(files.fit).format, 'fit');
    assert.equal(parseActivity(files.tcx).format, 'tcx');
  });

  it('accepts a byte-order mark, comments and namespace prefixes before the root element', () => {
    const text = new TextDecoder()
      .decode(files.gpx)
      .replace('<?xml version="1.0" encoding="UTF-8"?>\n', '\ufeff<?xml version="1.0"?>\n<!-- exported -->\n');
    assert.equal(parseActivity(new TextEncoder().encode(text)).format, 'gpx');
    const prefixed = new TextDecoder()
      .decode(files.tcx)
      .replace('<TrainingCenterDatabase xmlns=', '<tc:TrainingCenterDatabase xmlns:tc=')
      .replace('</TrainingCenterDatabase>', '</tc:TrainingCenterDatabase>');
    assert.equal(sniff(new TextEncoder().encode(prefixed)).format, 'tcx');
  });
});

describe('gzip forms', () => {
  for (const [format, bytes] of Object.entries(files)) {
    it(`${format}.gz gives the same activity and content hash as ${format}`, () => {
      const plain = parseActivity(bytes);
      const zipped = parseActivity(gzip(bytes));
      assert.equal(zipped.gzip, true);
      assert.equal(zipped.format, format);
      assert.equal(zipped.contentHash, plain.contentHash);
      assert.deepEqual(zipped.summary, plain.summary);
    });
  }
});

describe('bad files give a FileError with the right code', () => {
  it('zero bytes or only blanks: empty_file', () => {
    fails(new Uint8Array(0), 'empty_file');
    fails(new TextEncoder().encode('  \n\t'), 'empty_file');
    fails(gzip(new Uint8Array(0)), 'empty_file');
  });

  for (const [format, bytes] of Object.entries(files)) {
    it(`truncated ${format}: truncated_file`, () => {
      fails(truncate(bytes, 0.6), 'truncated_file');
      fails(truncate(bytes, 0.999), 'truncated_file');
    });
    it(`corrupt ${format}: corrupt_file`, () => {
      fails(corrupt(bytes), 'corrupt_file');
      fails(corrupt(bytes, 0.2), 'corrupt_file');
    });
    it(`truncated and corrupt ${format}.gz`, () => {
      fails(truncate(gzip(bytes), 0.5), 'truncated_file');
      const damaged = gzip(bytes);
      damaged[Math.floor(damaged.length / 2)]! ^= 0xff;
      damaged[Math.floor(damaged.length / 2) + 1]! ^= 0xff;
      fails(damaged, 'corrupt_file');
    });
  }

  it('FIT cut inside its header: truncated_file', () => {
    const header = files.fit.slice(0, 13);
    fails(header, 'truncated_file');
  });

  it('other formats: unknown_format', () => {
    fails(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]), 'unknown_format');
    fails(new TextEncoder().encode('{"type":"FeatureCollection"}'), 'unknown_format');
    fails(new TextEncoder().encode('<?xml version="1.0"?><kml><Document/></kml>'), 'unknown_format');
    fails(new TextEncoder().encode('PK\u0003\u0004 not an activity'), 'unknown_format');
    fails(gzip(new TextEncoder().encode('hello')), 'unknown_format');
  });

  it('files without a recorded track: no_activity', () => {
    fails(
      new TextEncoder().encode('<gpx version="1.1"><wpt lat="1" lon="2"><name>x</name></wpt></gpx>'),
      'no_activity',
    );
    fails(
      new TextEncoder().encode('<gpx version="1.1"><trk><trkseg><trkpt lat="1" lon="2"/></trkseg></trk></gpx>'),
      'no_activity',
    );
    fails(new TextEncoder().encode('<TrainingCenterDatabase><Activities/></TrainingCenterDatabase>'), 'no_activity');
  });

  it('bad values inside well-formed XML: corrupt_file', () => {
    fails(
      new TextEncoder().encode(
        '<gpx><trk><trkseg><trkpt lat="abc" lon="2"><time>2024-01-01T00:00:00Z</time></trkpt></trkseg></trk></gpx>',
      ),
      'corrupt_file',
    );
    fails(
      new TextEncoder().encode(
        '<gpx><trk><trkseg><trkpt lat="1" lon="2"><time>yesterday</time></trkpt></trkseg></trk></gpx>',
      ),
      'corrupt_file',
    );
  });

  it('beyond the size limit, also once decompressed: too_large', () => {
    fails(files.gpx, 'too_large', { maxBytes: 1000 });
    fails(gzip(new Uint8Array(5000).fill(32)), 'too_large', { maxBytes: 1000 });
  });

  it('a ride when only runs are wanted: unsupported_sport', () => {
    const ride = writeGpx(run, { type: 'cycling' });
    assert.equal(parseActivity(ride).track.sport, 'cycling');
    fails(ride, 'unsupported_sport', { runningOnly: true });
  });

  it('FileError survives a JSON round trip (worker threads)', () => {
    const error = new FileError('truncated_file', 'cut');
    const copy = FileError.fromJSON(JSON.parse(JSON.stringify(error)));
    assert.equal(copy?.code, 'truncated_file');
    assert.equal(copy?.message, 'cut');
  });

  it('never throws anything but FileError on random bytes', () => {
    let state = 1;
    for (let k = 0; k < 200; k++) {
      const bytes = new Uint8Array(1 + ((k * 37) % 400));
      for (let i = 0; i < bytes.length; i++) {
        state = (state * 1103515245 + 12345) >>> 0;
        bytes[i] = state >>> 24;
      }
      if (k % 3 === 0 && bytes.length > 12) bytes.set([0x2e, 0x46, 0x49, 0x54], 8);
      if (k % 3 === 1) bytes.set(new TextEncoder().encode('<gpx>').subarray(0, bytes.length));
      try {
        parseActivity(bytes);
      } catch (error) {
        assert.ok(error instanceof FileError, String(error));
      }
    }
  });
});

describe('parseActivity result', () => {
  it('carries the external id, device and a sha256 content hash', () => {
    const fit = parseActivity(files.fit);
    assert.match(fit.externalId!, /^fit:3999000111:\d+$/);
    assert.match(fit.contentHash, /^[0-9a-f]{64}$/);
    assert.match(fit.track.device!, /Synthetic Forerunner/);
    const tcx = parseActivity(files.tcx);
    assert.equal(tcx.externalId, `tcx:3999000111:${new Date(run.truth.startTime).toISOString().replace('.000Z', 'Z')}`);
    assert.equal(parseActivity(files.gpx).externalId, null);
    assert.equal(fit.summary.startTime, new Date(run.truth.startTime).toISOString());
    assert.equal(fit.summary.timeZone, 'Europe/Paris');
  });
});
