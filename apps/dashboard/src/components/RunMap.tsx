import { useEffect, useRef } from 'react';
import L from 'leaflet';
import 'leaflet/dist/leaflet.css';
import type { LatLng } from '../lib/polyline.ts';

const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/**
 * The route on a map (Leaflet, tiles from the operator's tile source with its credit), start
 * and finish as on the SVG route. Loaded on demand: only runs with a route and tiles on pay for
 * it. `onFail` hears when tiles do not come (offline, blocked): the page then draws the SVG.
 */
export default function RunMap({
  route,
  tiles,
  label,
  onFail,
}: {
  route: LatLng[];
  tiles: { url: string; attribution: string };
  label: string;
  onFail(): void;
}) {
  const box = useRef<HTMLDivElement>(null);
  const failed = useRef(onFail);
  failed.current = onFail;
  useEffect(() => {
    const map = L.map(box.current!, { scrollWheelZoom: false });
    map.attributionControl.setPrefix(false);
    const layer = L.tileLayer(tiles.url, { attribution: escapeHtml(tiles.attribution), maxZoom: 19 });
    let errors = 0;
    let loaded = 0;
    layer.on('tileload', () => loaded++);
    layer.on('tileerror', () => {
      if (++errors >= 3 && loaded === 0) failed.current();
    });
    layer.addTo(map);
    const line = L.polyline(route, { color: '#0b6e4f', weight: 4, opacity: 0.9 }).addTo(map);
    const start = route[0]!;
    const end = route[route.length - 1]!;
    map.fitBounds(line.getBounds(), { padding: [16, 16] });
    // A loop ends where it started: the finish is a wider ring under the start, both seen.
    const loop = map.distance(start, end) < 60;
    const dot = (color: string, radius: number) => ({
      radius,
      color: '#fff',
      weight: 2,
      fillColor: color,
      fillOpacity: 1,
    });
    L.circleMarker(end, dot('#c0392b', loop ? 10 : 6))
      .bindTooltip('Finish')
      .addTo(map);
    L.circleMarker(start, dot('#1f9d55', 6)).bindTooltip('Start').addTo(map);
    // The box changes size (a phone turned, a window resized): fit the route again.
    const ro = new ResizeObserver(() => {
      map.invalidateSize();
      map.fitBounds(line.getBounds(), { padding: [16, 16] });
    });
    ro.observe(box.current!);
    return () => {
      ro.disconnect();
      map.remove();
    };
  }, [route, tiles]);
  return <div ref={box} className="run-map" role="region" aria-label={label} />;
}
