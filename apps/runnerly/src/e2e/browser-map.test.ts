import { after, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { encodePolyline } from '@runnerly/activity-files';
import { call, noChromium, signedInRunner, useBrowserSystem } from './browser-harness.ts';

// A local tile server (a plain green PNG for every tile): the test never reaches the internet.
const png = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
);
const tiles = { requests: 0, failing: false };
const tileServer = createServer((req, res) => {
  tiles.requests++;
  if (tiles.failing || !/^\/\d+\/\d+\/\d+\.png$/.test(req.url ?? '')) return res.writeHead(404).end();
  res.writeHead(200, { 'content-type': 'image/png', 'cache-control': 'no-store' }).end(png);
});
await new Promise<void>((resolve) => tileServer.listen(0, '127.0.0.1', resolve));
const tileOrigin = `http://127.0.0.1:${(tileServer.address() as AddressInfo).port}`;
after(() => new Promise<void>((resolve) => tileServer.close(() => resolve())));

const e2e = useBrowserSystem('map', {
  GATEWAY_MAP_TILES_URL: `${tileOrigin}/{z}/{x}/{y}.png`,
  GATEWAY_MAP_TILES_ATTRIBUTION: 'Test tiles © Local mappers',
});
const shot = e2e.shot;

it(
  'draws a route on map tiles from the configured source, and the SVG line when tiles fail',
  { skip: noChromium },
  async () => {
    const base = e2e.sys.urls.gateway!;
    const { context, page, problems, userId } = await signedInRunner(e2e, 'Kai');
    // A loop: it ends where it started.
    const loop: Array<[number, number]> = Array.from({ length: 40 }, (_, k) => {
      const a = (k / 39) * 2 * Math.PI;
      return [45.76 + 0.006 * Math.sin(a), 4.83 + 0.009 * (1 - Math.cos(a))];
    });
    const added = await call<{ runs: Array<{ id: string }> }>(page, 'POST', '/api/data/runs/batch', {
      runs: [
        {
          user_id: userId,
          source: 'manual',
          source_id: `map-${Date.now()}`,
          name: 'Park loop',
          sport_type: 'Run',
          start_time: new Date(Date.now() - 3600_000).toISOString(),
          timezone: 'Europe/Paris',
          distance_m: 4200,
          moving_time_s: 1260,
          elapsed_time_s: 1300,
          summary_polyline: encodePolyline(loop),
        },
      ],
    });
    const id = added.body.runs[0]!.id;
    const csp = (await page.goto(`${base}/runs/${id}`))!.headers()['content-security-policy'] ?? '';
    assert.match(
      csp,
      new RegExp(`img-src 'self' data: ${tileOrigin.replace(/[.]/g, '\\.')};`),
      'the CSP allows the tile host',
    );
    const map = page.getByRole('region', { name: /Map of the route/ });
    await map.waitFor();
    await map.locator('img.leaflet-tile-loaded').first().waitFor();
    assert.ok(tiles.requests > 0, 'tiles come from the configured source');
    await map.getByText('Test tiles © Local mappers').waitFor();
    assert.equal(
      await map.locator('path.leaflet-interactive').count(),
      3,
      'the route, the finish ring and the start dot',
    );
    await shot(page, 'dash-09-run-map-desktop');
    await page.setViewportSize({ width: 390, height: 844 });
    await shot(page, 'dash-10-run-map-phone');

    // Tiles that do not come (offline, blocked): the route as the SVG line.
    tiles.failing = true;
    await page.reload();
    await page.getByRole('img', { name: /Route of the run/ }).waitFor();
    assert.equal(await page.getByRole('region', { name: /Map of the route/ }).count(), 0);
    await shot(page, 'dash-11-run-map-fallback-phone');
    assert.deepEqual(
      problems.filter((p) => !/404/.test(p)),
      [],
      'no console errors (no CSP violation); the refused tiles aside',
    );
    await context.close();
  },
);
