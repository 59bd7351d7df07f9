/** Why a file could not be turned into an activity. Stable codes, safe to show and to store. */
export type FileErrorCode =
  | 'empty_file'
  | 'unknown_format'
  | 'corrupt_file'
  | 'truncated_file'
  | 'no_activity'
  | 'too_large'
  | 'unsupported_sport';

export const fileErrorCodes: readonly FileErrorCode[] = [
  'empty_file',
  'unknown_format',
  'corrupt_file',
  'truncated_file',
  'no_activity',
  'too_large',
  'unsupported_sport',
];

/**
 * The only error the parsers throw on bad input. `message` is meant for a human (no internals);
 * `code` is meant for a program. Plain data (see toJSON) so it survives a worker-thread boundary.
 */
export class FileError extends Error {
  override readonly name = 'FileError';
  readonly code: FileErrorCode;

  constructor(code: FileErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }

  toJSON(): { name: 'FileError'; code: FileErrorCode; message: string } {
    return { name: 'FileError', code: this.code, message: this.message };
  }

  /** Rebuilds a FileError from its JSON form (e.g. after crossing a worker thread). */
  static fromJSON(value: unknown): FileError | null {
    if (typeof value !== 'object' || value === null) return null;
    const { code, message } = value as { code?: unknown; message?: unknown };
    if (typeof code !== 'string' || !fileErrorCodes.includes(code as FileErrorCode)) return null;
    return new FileError(code as FileErrorCode, typeof message === 'string' ? message : code);
  }
}

export function isFileError(error: unknown): error is FileError {
  return error instanceof FileError;
}
