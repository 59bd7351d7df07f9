import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import type { Browser } from '@runnerly/testing/browser';
import { launchChromium, noChromium, screenshotDir as shots } from '@runnerly/testing/browser';
import { links, seededInput } from '../testing.ts';
import { buildReportContent } from './report-content.ts';
import { colors } from './report-layout.ts';
import { renderReportMail } from './report-mail.ts';

describe('the report mail in Chromium', { skip: noChromium }, () => {
  let browser: Browser;
  before(async () => {
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
  });

  async function open(html: string, width: number) {
    const context = await browser.newContext({ viewport: { width, height: 900 } });
    const page = await context.newPage();
    const requests: string[] = [];
    // A mail is opened offline: it must not load anything (fonts, images, trackers).
    await page.route('**/*', (route) => {
      requests.push(route.request().url());
      return route.abort();
    });
    await page.setContent(html, { waitUntil: 'load' });
    return { context, page, requests };
  }

  for (const [device, width] of [
    ['phone', 390],
    ['desktop', 1280],
  ] as const) {
    test(`at ${device} width (${width} px) the weekly chart shows one bar per week, in proportion, and nothing overflows`, async () => {
      const content = buildReportContent(seededInput());
      const mail = await renderReportMail(content, links);
      const { context, page, requests } = await open(mail.html, width);
      try {
        assert.deepEqual(requests, []);
        const scrollWidth = await page.evaluate<number>('document.documentElement.scrollWidth');
        assert.ok(scrollWidth <= width, `page is ${scrollWidth} px wide in a ${width} px window`);

        // The chart: the rows of the table under its heading, each with a filled bar cell.
        const heading = page.getByText('Distance per week (weeks start on Monday)');
        await heading.waitFor({ state: 'visible' });
        // A week's row holds its label, the bar (a cell titled with the week's run count) and the distance.
        const weekRows = page.locator('tr:has(> td[title])');
        assert.equal(await weekRows.count(), content.weeks.length);
        const bars: number[] = [];
        for (let i = 0; i < content.weeks.length; i++) {
          const row = weekRows.nth(i);
          const bar = row.locator(`td[bgcolor="${colors.accent}"]`);
          await bar.scrollIntoViewIfNeeded();
          assert.ok(await bar.isVisible(), `bar of week ${i + 1} visible`);
          const box = (await bar.boundingBox())!;
          assert.ok(box.height >= 10, `bar of week ${i + 1} is ${box.height} px high`);
          bars.push(box.width);
        }
        const widest = Math.max(...bars);
        const longest = Math.max(...content.weeks.map((w) => w.distance_m));
        content.weeks.forEach((w, i) => {
          const expected = (w.distance_m / longest) * widest;
          assert.ok(Math.abs(bars[i]! - expected) <= 3, `week ${i + 1}: bar ${bars[i]} px, expected ~${expected} px`);
        });
        assert.ok(widest >= (device === 'phone' ? 120 : 250), `the widest bar is ${widest} px`);

        for (const text of ['78.1 km', '5:32 /km', 'Boston Marathon', 'See the full report']) {
          assert.ok(await page.getByText(text).filter({ visible: true }).count(), `${text} visible`);
        }
        const unsubscribe = page.getByRole('link', { name: 'Unsubscribe from monthly reports' });
        assert.equal(await unsubscribe.getAttribute('href'), links.unsubscribeUrl);
        await page.screenshot({ path: join(shots, `report-mail-${device}.png`), fullPage: true });
      } finally {
        await context.close();
      }
    });
  }

  test('a month without runs, in miles and with no plan, reads as a short note at phone width', async () => {
    const input = seededInput({ plan: null, nextRace: null });
    input.profile.units = 'mi';
    const content = buildReportContent({ ...input, runs: { month: '2026-03', runs: [] } });
    const { context, page, requests } = await open((await renderReportMail(content, links)).html, 390);
    try {
      assert.deepEqual(requests, []);
      assert.ok(await page.getByText('No runs in March 2026.').isVisible());
      assert.ok(await page.getByText(/In February you had 2 runs, 11\.2 mi in all/).isVisible());
      assert.equal(await page.getByText('Distance per week').count(), 0);
      assert.equal(await page.locator(`td[bgcolor="${colors.accent}"]`).count(), 1, 'only the button is filled');
      await page.screenshot({ path: join(shots, 'report-mail-no-runs-phone.png'), fullPage: true });
    } finally {
      await context.close();
    }
  });
});
