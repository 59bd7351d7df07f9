import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { links, seededInput, seededRuns } from '../testing.ts';
import { buildReportContent, type ReportInput } from './report-content.ts';
import { compiledLayout, layoutSource, type LayoutShape } from './report-layout.ts';
import { barCells, renderReportMail } from './report-mail.ts';

const render = (input: ReportInput = seededInput()) => renderReportMail(buildReportContent(input), links);
/** The HTML's visible text, roughly: tags dropped, entities of the escaper decoded. */
const visible = (html: string) =>
  html
    .replace(/<style[\s\S]*?<\/style>/g, '')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&nbsp;/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ');

describe('report mail', () => {
  test('numbers in kilometres, or in miles and feet, in both parts', async () => {
    const km = await render();
    for (const part of [km.text, visible(km.html)]) {
      assert.match(part, /78\.1 km/);
      assert.match(part, /5:32 \/km/);
      assert.match(part, /460 m/);
      assert.match(part, /7 h 13 min/);
      assert.doesNotMatch(part, / mi\b/);
    }
    const input = seededInput();
    input.profile.units = 'mi';
    const mi = await render(input);
    for (const part of [mi.text, visible(mi.html)]) {
      assert.match(part, /48\.5 mi/, '78.1 km');
      assert.match(part, /8:55 \/mi/, '5:32 /km');
      assert.match(part, /1509 ft/, '460 m');
      assert.match(part, /Predicted time: 3:38:20 \(8:20 \/mi\)/);
      assert.doesNotMatch(part, /\d km\b/);
    }
    assert.equal(mi.subject, 'Your March 2026 in running: 7 runs, 48.5 mi');
  });

  test('the weekly chart follows the first day of the week', async () => {
    const monday = await render();
    assert.match(monday.text, /weeks start on Monday/);
    assert.match(monday.text, /^Mar 1 {6} 5\.0 km {2}#{4} /m);
    assert.match(monday.text, /^Mar 2–8 {4}24\.0 km {2}#{20} /m);
    const input = seededInput();
    input.profile.first_day_of_week = 'sunday';
    const sunday = await render(input);
    assert.match(sunday.text, /weeks start on Sunday/);
    const rows = sunday.text.split('\n').filter((l) => /^Mar \d/.test(l));
    assert.deepEqual(
      rows.map((l) => l.split(/ {2,}/).slice(0, 2)),
      [
        ['Mar 1–7', '13.0 km'],
        ['Mar 8–14', '26.0 km'],
        ['Mar 15–21', '12.0 km'],
        ['Mar 22–28', '0.0 km'],
        ['Mar 29–31', '27.1 km'],
      ],
    );
    const html = visible(sunday.html);
    assert.match(html, /Mar 22–28 0\.0 km/);
    assert.match(html, /Mar 8–14 26\.0 km/);
  });

  test('every value a runner typed is escaped in the HTML', async () => {
    const evil = `<script>alert("x")</script> & 'quotes' {{title}}`;
    const hostileEffort = { name: `<img src=x onerror=alert(1)>`, distance_m: 400, elapsed_time_s: 80 };
    const runs = seededRuns().map((r) =>
      r.name === 'Sunday long run'
        ? { ...r, name: `Long ${evil}` }
        : r.name === 'Thursday tempo'
          ? { ...r, best_efforts: [...r.best_efforts!, hostileEffort] }
          : r,
    );
    const input = seededInput({ runs: { month: '2026-03', runs } });
    input.profile.name = `Ann <b>"O'Neil"</b>`;
    input.plan!.race_name = `Race <iframe src="https://evil.example">`;
    input.nextRace!.name = `Next </td></tr></table><a href="https://evil.example">win</a>`;
    input.nextRace!.place = `Place <style>body{display:none}</style>`;
    const mail = await render(input);
    for (const raw of ['<script', '<img', '<iframe', '<b>', '<a href="https://evil', '<style>body']) {
      assert.ok(!mail.html.includes(raw), `${raw} is not in the HTML`);
    }
    assert.ok(mail.html.includes('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;quotes&#39;'));
    assert.ok(mail.html.includes('{{title}}'), 'a name that looks like a place stays text');
    const text = visible(mail.html);
    assert.match(text, /Hi Ann <b>"O'Neil"<\/b>,/);
    assert.ok(text.includes(`Longest run: Long ${evil} on Sun, Mar 29`));
    assert.ok(text.includes('<img src=x onerror=alert(1)> 1:20'));
    assert.ok(mail.text.includes(`Long ${evil}`), 'the text part says it as it is');
  });

  test('links are escaped in attributes and must be http(s)', async () => {
    const content = buildReportContent(seededInput());
    const mail = await renderReportMail(content, { ...links, unsubscribeUrl: 'https://r.example/u?a=1&token=t"x' });
    assert.ok(mail.html.includes('href="https://r.example/u?a=1&amp;token=t&quot;x"'));
    await assert.rejects(renderReportMail(content, { ...links, reportUrl: 'javascript:alert(1)' }), /reportUrl/);
    await assert.rejects(renderReportMail(content, { ...links, unsubscribeUrl: 'not a url' }), /unsubscribeUrl/);
  });

  test('with a plan and a next race, both are there; without, no trace of them', async () => {
    const withPlan = await render();
    for (const part of [withPlan.text, visible(withPlan.html)]) {
      assert.match(part, /Your plan for Boston Marathon/);
      assert.match(part, /10 of 14 planned sessions done, 2 partly, 2 missed \(79%\)\./);
      assert.match(part, /78\.1 km run of 120\.0 km planned\./);
      assert.match(part, /Next race: Boston Marathon/);
      assert.match(part, /Mon, Apr 20, 2026 · 42\.2 km · Boston, MA \(in 19 days\)/);
      assert.match(part, /Predicted time: 3:38:20 \(5:10 \/km\), goal 3:35:00\./);
    }
    const without = await render(seededInput({ plan: null, nextRace: null }));
    for (const part of [without.text, visible(without.html)]) {
      assert.doesNotMatch(part, /plan|Next race|Predicted|Boston/i);
    }
    assert.doesNotMatch(without.html, /\{\{/);
  });

  test('a next race without a prediction shows the goal alone, and no place when none is known', async () => {
    const input = seededInput();
    input.nextRace = { name: 'Club 10K', date: '2026-04-04', distance_m: 10_000, goal_time_s: 2700 };
    const mail = await render(input);
    assert.match(mail.text, /Sat, Apr 4, 2026 · 10\.0 km \(in 3 days\)\n {2}Goal: 45:00\./);
  });

  test('a month without runs: a short friendly note, no chart, no tiles', async () => {
    const mail = await render(seededInput({ runs: { month: '2026-03', runs: [] }, plan: null, nextRace: null }));
    assert.equal(mail.subject, 'Your March 2026 on Runnerly');
    for (const part of [mail.text, visible(mail.html)]) {
      assert.match(part, /No runs in March 2026\./);
      assert.match(part, /In February you had 2 runs, 18\.0 km in all\./);
      assert.match(part, /a short easy run is a fine way to start April/);
      assert.doesNotMatch(part, /Distance per week|Average pace|Compared with|Best efforts/);
    }
  });

  test('both parts link to the report page and to the one-click unsubscribe', async () => {
    const mail = await render();
    assert.ok(mail.text.includes(`See the full report: ${links.reportUrl}`));
    assert.ok(mail.text.includes(`Unsubscribe from monthly reports: ${links.unsubscribeUrl}`));
    assert.ok(mail.html.includes(`href="${links.reportUrl}"`));
    assert.ok(mail.html.includes(`href="${links.unsubscribeUrl.replace(/&/g, '&amp;')}"`));
    assert.ok(mail.html.includes(`href="${links.preferencesUrl}"`));
    const bare = await renderReportMail(buildReportContent(seededInput()), {
      reportUrl: links.reportUrl,
      unsubscribeUrl: links.unsubscribeUrl,
    });
    assert.doesNotMatch(bare.html + bare.text, /Email preferences/);
  });

  test('the HTML needs nothing from the network and has no SVG', async () => {
    const { html } = await render();
    assert.doesNotMatch(html, /<svg|<link |<img |<script|@import|url\(/i);
    assert.match(html, /<meta name="viewport"/);
  });

  test('every shape of the layout compiles in strict MJML and keeps all its places', async () => {
    const flags = ['hasRuns', 'hasBestEfforts', 'hasPlan', 'hasPlanBar', 'hasRace'] as const;
    for (let bits = 0; bits < 2 ** flags.length; bits++) {
      const shape = Object.fromEntries(flags.map((f, i) => [f, Boolean(bits & (1 << i))])) as unknown as LayoutShape;
      if (shape.hasPlanBar && !shape.hasPlan) continue;
      const { html, tokens } = await compiledLayout(shape);
      assert.ok(html.startsWith('<!doctype html>'), JSON.stringify(shape));
      const expected = new Set([...layoutSource(shape).matchAll(/\{\{([a-z0-9_]+)\}\}/g)].map((m) => m[1]));
      assert.deepEqual(tokens, expected);
    }
  });

  test('bars: filled share in percent, never a zero-width cell', () => {
    const widths = (f: number) => [...barCells(f).value.matchAll(/<td width="(\d+)%"/g)].map((m) => Number(m[1]));
    assert.deepEqual(widths(0), [100]);
    assert.deepEqual(widths(0.001), [1, 99]);
    assert.deepEqual(widths(0.5), [50, 50]);
    assert.deepEqual(widths(0.999), [99, 1]);
    assert.deepEqual(widths(1), [100]);
    assert.deepEqual(widths(Number.NaN), [100]);
  });
});
