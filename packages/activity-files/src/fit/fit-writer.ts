import { fitCrc } from './fit-crc.ts';

/** FIT base types this writer can encode, with their wire id, size and "invalid" value. */
export const fitBaseTypes = {
  enum: { id: 0x00, size: 1, invalid: 0xff },
  sint8: { id: 0x01, size: 1, invalid: 0x7f },
  uint8: { id: 0x02, size: 1, invalid: 0xff },
  sint16: { id: 0x83, size: 2, invalid: 0x7fff },
  uint16: { id: 0x84, size: 2, invalid: 0xffff },
  sint32: { id: 0x85, size: 4, invalid: 0x7fffffff },
  uint32: { id: 0x86, size: 4, invalid: 0xffffffff },
  string: { id: 0x07, size: 1, invalid: 0 },
  uint8z: { id: 0x0a, size: 1, invalid: 0 },
  uint16z: { id: 0x8b, size: 2, invalid: 0 },
  uint32z: { id: 0x8c, size: 4, invalid: 0 },
} as const;

export type FitBaseTypeName = keyof typeof fitBaseTypes;

export interface FitFieldSpec {
  /** Field definition number from the FIT profile. */
  num: number;
  type: FitBaseTypeName;
  /** Bytes for strings (null-terminated, padded); other types use their base size. */
  size?: number;
}

interface Definition {
  global: number;
  fields: FitFieldSpec[];
  size: number;
}

/**
 * Writes a FIT file: 14-byte header with its CRC, definition and data messages (little
 * endian, normal headers, local types 0-15) and the trailing file CRC. Values are raw integers
 * already scaled and offset as the profile says; `undefined` writes the field's invalid value.
 */
export class FitWriter {
  private readonly chunks: Uint8Array[] = [];
  private length = 0;
  private readonly definitions = new Map<number, Definition>();

  constructor(private readonly options: { protocolVersion?: number; profileVersion?: number } = {}) {}

  /** Writes a definition message binding `local` (0-15) to a global message number and fields. */
  define(local: number, global: number, fields: FitFieldSpec[]): void {
    if (local < 0 || local > 15) throw new RangeError(`local message type ${local} is out of 0-15`);
    const bytes = new Uint8Array(6 + fields.length * 3);
    const view = new DataView(bytes.buffer);
    bytes[0] = 0x40 | local;
    bytes[1] = 0; // reserved
    bytes[2] = 0; // little endian
    view.setUint16(3, global, true);
    bytes[5] = fields.length;
    let size = 0;
    fields.forEach((field, i) => {
      const base = fitBaseTypes[field.type];
      const fieldSize = field.size ?? base.size;
      bytes[6 + i * 3] = field.num;
      bytes[7 + i * 3] = fieldSize;
      bytes[8 + i * 3] = base.id;
      size += fieldSize;
    });
    this.push(bytes);
    this.definitions.set(local, { global, fields, size });
  }

  /** Writes a data message for the definition bound to `local`, values in field order. */
  write(local: number, values: ReadonlyArray<number | string | undefined>): void {
    const definition = this.definitions.get(local);
    if (!definition) throw new Error(`local message type ${local} has no definition`);
    const bytes = new Uint8Array(1 + definition.size);
    const view = new DataView(bytes.buffer);
    bytes[0] = local;
    let offset = 1;
    definition.fields.forEach((field, i) => {
      const base = fitBaseTypes[field.type];
      const size = field.size ?? base.size;
      const value = values[i];
      if (field.type === 'string') {
        const text = new TextEncoder().encode(typeof value === 'string' ? value : '');
        bytes.set(text.subarray(0, size - 1), offset);
      } else {
        const raw = typeof value === 'number' && Number.isFinite(value) ? Math.round(value) : base.invalid;
        if (base.size === 1) view.setUint8(offset, raw & 0xff);
        else if (base.size === 2) view.setUint16(offset, raw & 0xffff, true);
        else view.setUint32(offset, raw >>> 0, true);
      }
      offset += size;
    });
    this.push(bytes);
  }

  /** The complete file: header (with CRC), records, file CRC. */
  finish(): Uint8Array {
    const header = new Uint8Array(14);
    const view = new DataView(header.buffer);
    header[0] = 14;
    header[1] = this.options.protocolVersion ?? 0x20;
    view.setUint16(2, this.options.profileVersion ?? 2132, true);
    view.setUint32(4, this.length, true);
    header.set([0x2e, 0x46, 0x49, 0x54], 8); // ".FIT"
    view.setUint16(12, fitCrc(header, 0, 12), true);
    const out = new Uint8Array(14 + this.length + 2);
    out.set(header, 0);
    let offset = 14;
    for (const chunk of this.chunks) {
      out.set(chunk, offset);
      offset += chunk.length;
    }
    const crc = fitCrc(out, 0, offset);
    out[offset] = crc & 0xff;
    out[offset + 1] = crc >> 8;
    return out;
  }

  private push(bytes: Uint8Array): void {
    this.chunks.push(bytes);
    this.length += bytes.length;
  }
}

/** Seconds since the FIT epoch (1989-12-31T00:00:00Z) for a ms epoch time. */
export function toFitTime(ms: number): number {
  return Math.round(ms / 1000) - 631065600;
}

/** Degrees to FIT semicircles. */
export function toSemicircles(degrees: number): number {
  return Math.round((degrees * 2 ** 31) / 180);
}
