import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import type { Browser } from '@runnerly/testing/browser';
import { launchChromium, noChromium, screenshotDir as shots } from '@runnerly/testing/browser';
import { seededRuns, startReportsTestSystem, type ReportsTestSystem } from './testing.ts';
import { colors } from './domain/report-layout.ts';

describe('a sent report, as the SMTP server received it, in Chromium', { skip: noChromium }, () => {
  let sys: ReportsTestSystem;
  let browser: Browser;
  let html = '';
  before(async () => {
    sys = await startReportsTestSystem('reports_browser');
    browser = await launchChromium();
    const ann = await sys.addRunner({ timeZone: 'America/New_York', name: 'Ann' });
    await sys.addRuns(
      ann.userId,
      seededRuns().map((r) => ({
        name: r.name,
        start_time: r.start_time,
        distance_m: r.distance_m,
        moving_time_s: r.moving_time_s,
        elevation_gain_m: r.elevation_gain_m ?? null,
        ...(r.best_efforts ? { best_efforts: [...r.best_efforts] } : {}),
      })),
    );
    sys.clock.set('2026-04-01T04:10:00Z');
    await sys.scheduler.turn();
    const mail = await sys.smtp.waitFor((m) => m.subject?.startsWith('Your March 2026') === true, 60_000);
    html = String(mail.html);
  });
  after(async () => {
    await browser?.close();
    await sys?.close();
  });

  for (const [device, width] of [
    ['phone', 390],
    ['desktop', 1280],
  ] as const) {
    test(`at ${device} width (${width} px): the numbers and the weekly chart show, nothing overflows or loads`, async () => {
      const context = await browser.newContext({ viewport: { width, height: 900 } });
      const page = await context.newPage();
      const requests: string[] = [];
      await page.route('**/*', (route) => {
        requests.push(route.request().url());
        return route.abort();
      });
      try {
        await page.setContent(html, { waitUntil: 'load' });
        assert.deepEqual(requests, []);
        const scrollWidth = await page.evaluate<number>('document.documentElement.scrollWidth');
        assert.ok(scrollWidth <= width, `page is ${scrollWidth} px wide in a ${width} px window`);
        await page.getByText('Distance per week (weeks start on Monday)').waitFor({ state: 'visible' });
        const bars = page.locator(`tr:has(> td[title]) td[bgcolor="${colors.accent}"]`);
        assert.ok((await bars.count()) >= 4, 'a bar per week');
        for (const text of ['78.1 km', 'See the full report']) {
          assert.ok(await page.getByText(text).filter({ visible: true }).count(), `${text} visible`);
        }
        await page.screenshot({ path: join(shots, `report-sent-${device}.png`), fullPage: true });
      } finally {
        await context.close();
      }
    });
  }
});
