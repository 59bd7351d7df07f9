import { FileError } from '../errors.ts';
import { fitCrc } from './fit-crc.ts';

/**
 * Checks the FIT header, sizes and CRCs before decoding, so a cut file reports truncated_file
 * and a damaged one corrupt_file. Returns the byte length of the first FIT file (header, data,
 * CRC); anything after it (chained files) is ignored.
 */
export function checkFitFrame(bytes: Uint8Array): number {
  const headerSize = bytes[0]!;
  if (headerSize !== 12 && headerSize !== 14) {
    throw new FileError('corrupt_file', 'The FIT file is damaged: its header has an impossible size.');
  }
  if (bytes.length < headerSize) {
    throw new FileError('truncated_file', 'The FIT file ends inside its header: it was probably cut.');
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (headerSize === 14) {
    const stored = view.getUint16(12, true);
    if (stored !== 0 && stored !== fitCrc(bytes, 0, 12)) {
      throw new FileError('corrupt_file', 'The FIT file is damaged: its header checksum does not match.');
    }
  }
  const dataSize = view.getUint32(4, true);
  const total = headerSize + dataSize + 2;
  if (bytes.length < total) {
    throw new FileError(
      'truncated_file',
      `The FIT file ends too early (${bytes.length} of ${total} bytes): it was probably cut during upload or download.`,
    );
  }
  const stored = view.getUint16(headerSize + dataSize, true);
  if (stored !== fitCrc(bytes, 0, headerSize + dataSize)) {
    throw new FileError('corrupt_file', 'The FIT file is damaged: its checksum does not match its content.');
  }
  if (dataSize === 0) throw new FileError('no_activity', 'The FIT file holds no messages.');
  return total;
}
