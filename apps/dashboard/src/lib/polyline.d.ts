/** Google encoded polylines (precision 5 by default) and fitting a route into a box. */
export type LatLng = [lat: number, lng: number];
/** Decodes a Google encoded polyline into [lat, lng] pairs; stops cleanly at a truncated tail. */
export declare function decodePolyline(encoded: string, precision?: number): LatLng[];
/** Encodes [lat, lng] pairs (for tests and fixtures). */
export declare function encodePolyline(points: readonly LatLng[], precision?: number): string;
export interface Projected {
  points: Array<[x: number, y: number]>;
  width: number;
  height: number;
}
/**
 * Web-Mercator projection of the route, scaled to fit `width` × `height` minus `pad` on every
 * side, keeping the aspect ratio and centring the route (north up).
 */
export declare function projectRoute(route: readonly LatLng[], width: number, height: number, pad?: number): Projected;
/** Drops points closer than `minStep` (in box units) to the last kept one: lighter SVG paths. */
export declare function thin(points: ReadonlyArray<[number, number]>, minStep: number): Array<[number, number]>;
export declare function pathData(points: ReadonlyArray<[number, number]>): string;
