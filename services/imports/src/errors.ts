import { AppError } from '@runnerly/service-kit';

/** The imports service's coded errors (besides the kit's invalid_request, unauthorized, forbidden, not_found). */
export const importErrors = {
  notMultipart: () => new AppError(415, 'unsupported_media_type', 'Send the files as multipart/form-data.'),
  noFiles: () => new AppError(400, 'no_files', 'The request holds no file.'),
  tooManyFiles: (max: number) => new AppError(413, 'too_many_files', `At most ${max} files per upload.`),
  zipBomb: (message: string) => new AppError(413, 'zip_bomb', message),
  badUpload: () => new AppError(400, 'invalid_upload', 'The multipart body is malformed or was cut short.'),
  jobNotFound: () => new AppError(404, 'not_found', 'Import job not found.'),
  originalNotFound: () =>
    new AppError(404, 'not_found', 'This run has no original file (it did not come from a file).'),
  exportNotFound: () => new AppError(404, 'not_found', 'Export not found.'),
  exportNotReady: (status: string) =>
    new AppError(409, 'export_not_ready', `The export is ${status}; its ZIP can be downloaded once it is ready.`),
  exportExpired: () =>
    new AppError(410, 'export_expired', 'The export has expired and its ZIP was deleted; ask for a new one.'),
};
