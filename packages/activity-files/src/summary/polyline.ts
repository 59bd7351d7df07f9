/** Google encoded polyline (precision 5 by default) of [lat, lon] pairs. */
export function encodePolyline(points: ReadonlyArray<readonly [number, number]>, precision = 5): string {
  const factor = 10 ** precision;
  let out = '';
  let lastLat = 0,
    lastLon = 0;
  for (const [lat, lon] of points) {
    const ilat = Math.round(lat * factor),
      ilon = Math.round(lon * factor);
    out += encodeSigned(ilat - lastLat) + encodeSigned(ilon - lastLon);
    lastLat = ilat;
    lastLon = ilon;
  }
  return out;
}

function encodeSigned(value: number): string {
  let v = value < 0 ? ~(value << 1) : value << 1;
  let out = '';
  while (v >= 0x20) {
    out += String.fromCharCode((0x20 | (v & 0x1f)) + 63);
    v >>>= 5;
  }
  return out + String.fromCharCode(v + 63);
}

/** Decodes a Google encoded polyline into [lat, lon] pairs. */
export function decodePolyline(text: string, precision = 5): Array<[number, number]> {
  const factor = 10 ** precision;
  const out: Array<[number, number]> = [];
  let index = 0,
    lat = 0,
    lon = 0;
  const next = (): number => {
    let result = 0,
      shift = 0,
      byte: number;
    do {
      byte = text.charCodeAt(index++) - 63;
      result |= (byte & 0x1f) << shift;
      shift += 5;
    } while (byte >= 0x20 && index < text.length);
    return result & 1 ? ~(result >> 1) : result >> 1;
  };
  while (index < text.length) {
    lat += next();
    lon += next();
    out.push([lat / factor, lon / factor]);
  }
  return out;
}
