import { SaxesParser } from 'saxes';
import { FileError } from '../errors.ts';

/** Receives a streamed XML document. Names are local (namespace prefix removed). */
export interface XmlHandler {
  open(name: string, attributes: Record<string, string>, path: readonly string[]): void;
  /** `text` is the trimmed text directly inside the element (empty for containers). */
  close(name: string, text: string, path: readonly string[]): void;
}

const chunkSize = 64 * 1024;

function localName(name: string): string {
  const colon = name.indexOf(':');
  return colon < 0 ? name : name.slice(colon + 1);
}

function prefixOf(name: string): string | null {
  const colon = name.indexOf(':');
  return colon < 0 ? null : name.slice(0, colon);
}

/**
 * Feeds `bytes` (UTF-8) to a SAX parser in 64 KB chunks, so memory stays bounded by what the
 * handler keeps, never by a document tree. Blanks before the XML declaration (Polar Flow writes
 * some) are skipped, as lenient readers do. Malformed XML gives corrupt_file, and so does a
 * namespace prefix used without being declared (a broken conversion: strict XML readers refuse
 * it too); a document that ends before its root element closes gives truncated_file.
 */
export function streamXml(bytes: Uint8Array, handler: XmlHandler, label: string): void {
  const parser = new SaxesParser({ xmlns: false, position: true });
  const path: string[] = [];
  // Prefixes declared by each open element (null when it declares none).
  const scopes: Array<Set<string> | null> = [];
  const declared = (prefix: string) =>
    prefix === 'xml' || prefix === 'xmlns' || scopes.some((scope) => scope !== null && scope.has(prefix));
  let text = '';
  let keepText = false;
  parser.on('opentag', (tag) => {
    let scope: Set<string> | null = null;
    for (const key of Object.keys(tag.attributes)) {
      if (key.startsWith('xmlns:')) (scope ??= new Set()).add(key.slice(6));
    }
    scopes.push(scope);
    for (const used of [tag.name, ...Object.keys(tag.attributes)]) {
      const prefix = prefixOf(used);
      if (prefix !== null && !declared(prefix)) {
        throw new FileError(
          'corrupt_file',
          `The ${label} file is not well-formed XML: the prefix "${prefix}:" is used without being declared (line ${parser.line}). It was probably written by a broken converter.`,
        );
      }
    }
    const name = localName(tag.name);
    path.push(name);
    text = '';
    keepText = true;
    const attributes: Record<string, string> = {};
    for (const [key, value] of Object.entries(tag.attributes)) attributes[localName(key)] = value as string;
    handler.open(name, attributes, path);
  });
  parser.on('text', (chunk) => {
    if (keepText) text += chunk;
  });
  parser.on('cdata', (chunk) => {
    if (keepText) text += chunk;
  });
  parser.on('closetag', (tag) => {
    const name = localName(tag.name);
    handler.close(name, keepText ? text.trim() : '', path);
    path.pop();
    scopes.pop();
    text = '';
    keepText = false;
  });

  const decoder = new TextDecoder('utf-8', { fatal: false });
  let offset = 0;
  try {
    if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) offset = 3;
    while (
      offset < bytes.length &&
      (bytes[offset] === 0x20 || bytes[offset] === 0x0a || bytes[offset] === 0x0d || bytes[offset] === 0x09)
    )
      offset++;
    for (; offset < bytes.length; offset += chunkSize) {
      const end = Math.min(bytes.length, offset + chunkSize);
      parser.write(decoder.decode(bytes.subarray(offset, end), { stream: end < bytes.length }));
    }
  } catch (error) {
    if (error instanceof FileError) throw error;
    throw new FileError('corrupt_file', `The ${label} file is damaged: its XML is malformed.`, { cause: error });
  }
  try {
    parser.close();
  } catch (error) {
    if (error instanceof FileError) throw error;
    const message = String((error as Error).message ?? '');
    const cut = /unclosed|unexpected end|end of|incomplete/i.test(message) || path.length > 0;
    throw new FileError(
      cut ? 'truncated_file' : 'corrupt_file',
      cut
        ? `The ${label} file ends too early: it was probably cut during upload or download.`
        : `The ${label} file is damaged: its XML is malformed.`,
      { cause: error },
    );
  }
  if (path.length > 0) {
    throw new FileError(
      'truncated_file',
      `The ${label} file ends too early: it was probably cut during upload or download.`,
    );
  }
}

/** Parses a decimal number from XML text; throws corrupt_file when it is not one. */
export function xmlNumber(text: string, what: string, label: string): number {
  const value = Number(text);
  if (text === '' || !Number.isFinite(value)) {
    throw new FileError(
      'corrupt_file',
      `The ${label} file is damaged: a ${what} is not a number ("${text.slice(0, 20)}").`,
    );
  }
  return value;
}

/** Parses an ISO 8601 timestamp; throws corrupt_file when it is not one. Zone-less times are read as UTC. */
/** The offset an XML time is written with ("…T07:30:00+01:00" → 60), null for UTC ("Z") or none. */
export function xmlOffsetMinutes(text: string): number | null {
  const m = /([+-])(\d\d):?(\d\d)$/.exec(text.trim());
  if (!m || !/^\d{4}-\d\d-\d\dT/.test(text.trim())) return null;
  const minutes = Number(m[2]) * 60 + Number(m[3]);
  return minutes > 14 * 60 ? null : (m[1] === '-' ? -1 : 1) * minutes;
}

export function xmlTime(text: string, label: string): number {
  const zoned = /(Z|[+-]\d\d:?\d\d)$/i.test(text) ? text : `${text}Z`;
  const value = /^\d{4}-\d\d-\d\dT\d\d:\d\d/.test(text) ? Date.parse(zoned) : Number.NaN;
  if (Number.isNaN(value)) {
    throw new FileError('corrupt_file', `The ${label} file is damaged: "${text.slice(0, 30)}" is not a time.`);
  }
  return value;
}
