export {
  parseActivity,
  parseFile,
  type ParseOptions,
  type ParsedActivity,
  type ParsedFile,
  type ParsedSingle,
} from './parse-activity.ts';
export { summarize, type ActivitySummary, type SummarizeOptions } from './summary/summarize.ts';
export { FileError, isFileError, fileErrorCodes, type FileErrorCode } from './errors.ts';
export { sniff, type FileFormat, type Sniffed } from './sniff.ts';
export { contentHash } from './content-hash.ts';
export { encodePolyline, decodePolyline } from './polyline.ts';
export { describeSport } from './sport.ts';
export { bestEffortDistances, type BestEffort } from './summary/best-efforts.ts';
export type { Split } from './summary/splits.ts';
export type { Track, TrackPoint, TimerPause, DeviceTotals, Lap, Sport, SportPart, SportSource } from './track.ts';
