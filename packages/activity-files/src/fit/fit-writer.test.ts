import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fitCrc } from './fit-crc.ts';
import { FitWriter, toSemicircles } from './fit-writer.ts';

describe('FIT writer', () => {
  it('writes a 14-byte header with its CRC and a file CRC that checks to zero', () => {
    const w = new FitWriter();
    w.define(0, 0, [
      { num: 0, type: 'enum' },
      { num: 4, type: 'uint32' },
    ]);
    w.write(0, [4, 1_000_000_000]);
    const bytes = w.finish();
    assert.equal(bytes[0], 14);
    assert.equal(new TextDecoder().decode(bytes.subarray(8, 12)), '.FIT');
    const view = new DataView(bytes.buffer);
    assert.equal(view.getUint32(4, true), bytes.length - 16);
    assert.equal(view.getUint16(12, true), fitCrc(bytes, 0, 12));
    assert.equal(fitCrc(bytes), 0, 'CRC over data and its own CRC is zero');
    // definition: header 0x40, reserved, little endian, global 0, 2 fields
    assert.deepEqual([...bytes.subarray(14, 20)], [0x40, 0, 0, 0, 0, 2]);
  });

  it('computes the FIT CRC-16 of a known string', () => {
    assert.equal(fitCrc(new TextEncoder().encode('123456789')), 0xbb3d); // CRC-16/ARC check value
  });

  it('converts degrees to semicircles', () => {
    assert.equal(toSemicircles(180), 2 ** 31);
    assert.equal(toSemicircles(-90), -(2 ** 30));
  });
});
