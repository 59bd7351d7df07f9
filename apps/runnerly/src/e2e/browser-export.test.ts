// The complete export in the browser, at desktop and phone width: a file imported, many runs
// with a route typed in; on the Account page the runner asks for the export, sees it being built
// (runs done of total), follows the mail's link back to the page and downloads the ZIP; the run
// from the file offers its original file.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Page } from '@runnerly/testing/browser';
import { readZip } from '@runnerly/imports/testing';
import { call, noChromium, signedInRunner, useBrowserSystem } from './browser-harness.ts';

const e2e = useBrowserSystem('export');
const shotsDir = process.env.EXPORT_SHOTS_DIR ?? '/tmp/shots';

async function shot(page: Page, name: string) {
  await e2e.shot(page, name);
  mkdirSync(shotsDir, { recursive: true });
  await page.screenshot({ path: `${shotsDir}/${name}.png`, fullPage: true });
}

const fit = readFileSync(
  fileURLToPath(new URL('../../../../../shared/activity-corpus/files/sportslib__6916663933.fit', import.meta.url)),
);

it(
  'asks for the complete export, sees its progress, downloads it from the mail link',
  { skip: noChromium },
  async () => {
    const base = e2e.sys.urls.gateway!;
    const { context, page, problems, userId } = await signedInRunner(e2e, 'Paula');
    // A file, uploaded as the Import page does.
    const job = (await page.evaluate(
      async ({ bytes, userId }) => {
        const form = new FormData();
        form.append('file', new Blob([new Uint8Array(bytes)]), 'coros.fit');
        const csrf =
          /runnerly_csrf=([^;]+)/.exec(
            (globalThis as unknown as { document: { cookie: string } }).document.cookie,
          )?.[1] ?? '';
        const res = await fetch(`/api/imports/users/${userId}/imports`, {
          method: 'POST',
          body: form,
          headers: { 'x-csrf-token': decodeURIComponent(csrf) },
        });
        return res.json();
      },
      { bytes: [...fit], userId },
    )) as { job_id: string };
    let fileRun: string | undefined;
    for (let i = 0; i < 100 && !fileRun; i++) {
      const j = await call<{ status: string; files: Array<{ run_id?: string }> }>(
        page,
        'GET',
        `/api/imports/users/${userId}/imports/${job.job_id}`,
      );
      if (j.body.status === 'done') fileRun = j.body.files[0]!.run_id;
      else await page.waitForTimeout(100);
    }
    assert.ok(fileRun, 'the file imported');
    // Many runs with a route and no file, so that the build takes a moment.
    const n = 400;
    const runs = Array.from({ length: 80 }, (_, k) => ({
      user_id: userId,
      source: 'manual',
      source_id: `route-${k}`,
      name: `Loop ${k}`,
      sport_type: 'Run',
      start_time: new Date(Date.UTC(2026, 8, 1 + (k % 28), 6, k)).toISOString(),
      timezone: 'Europe/Paris',
      distance_m: n * 10,
      moving_time_s: n * 3,
      elapsed_time_s: n * 3,
      streams: {
        time: Array.from({ length: n }, (_, i) => i * 3),
        latlng: Array.from({ length: n }, (_, i) => [45.76 + i * 0.00009, 4.83 + k * 0.001]),
      },
    }));
    for (let i = 0; i < runs.length; i += 5)
      assert.equal((await call(page, 'POST', '/api/data/runs/batch', { runs: runs.slice(i, i + 5) })).status, 200);

    await page.goto(`${base}/account`);
    const panel = page.locator('section[aria-labelledby="export-h"]');
    await panel.getByRole('button', { name: 'Prepare a complete export (ZIP)' }).click();
    await panel.getByText(/Preparing your export…/).waitFor();
    await panel.scrollIntoViewIfNeeded();
    await shot(page, 'export-progress');
    const download = panel.getByRole('link', { name: /Download the ZIP/ });
    await download.waitFor({ timeout: 60_000 });
    await panel.getByText('81 runs', { exact: false }).waitFor();
    await shot(page, 'export-ready');

    // The mail's link opens the Account page with the export; at phone width, download it.
    let link: string | undefined;
    for (let i = 0; i < 50 && !link; i++) {
      const box = await call<{ messages: Array<{ subject: string; links: Array<{ appPath: string | null }> }> }>(
        page,
        'GET',
        '/api/mailbox',
      );
      link =
        box.body.messages.find((m) => /export is ready/.test(m.subject))?.links.find((l) => l.appPath)?.appPath ??
        undefined;
      if (!link) await page.waitForTimeout(100);
    }
    assert.match(link ?? '', /^\/account\?export=[0-9a-f-]{36}$/);
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${base}${link}`);
    await download.waitFor();
    const overflow = (await page.evaluate(
      'document.documentElement.scrollWidth - document.documentElement.clientWidth',
    )) as number;
    assert.ok(overflow <= 0, `no sideways scrolling at 390 px (${overflow}px)`);
    await panel.scrollIntoViewIfNeeded();
    await shot(page, 'export-ready-phone');
    const [file] = await Promise.all([page.waitForEvent('download'), download.click()]);
    assert.match(file.suggestedFilename(), /^runnerly-export-\d{4}-\d{2}-\d{2}\.zip$/);
    const entries = await readZip(readFileSync((await file.path())!));
    assert.ok(entries.has('runner.json'));
    assert.equal([...entries.keys()].filter((k) => k.startsWith('gpx/')).length, 80);
    assert.ok(
      [...entries.values()].some((b) => b.equals(fit)),
      'the original file',
    );

    // The run from the file offers its original.
    await page.setViewportSize({ width: 1100, height: 800 });
    await page.goto(`${base}/runs/${fileRun}`);
    const original = page.getByRole('link', { name: 'Download original file' });
    await original.waitFor();
    const [fitDownload] = await Promise.all([page.waitForEvent('download'), original.click()]);
    assert.equal(fitDownload.suggestedFilename(), 'coros.fit');
    assert.ok(readFileSync((await fitDownload.path())!).equals(fit));
    await original.scrollIntoViewIfNeeded();
    await shot(page, 'export-run-original');

    assert.deepEqual(
      problems.filter((p) => !/401|Unauthorized/.test(p)),
      [],
      'no console errors',
    );
    await context.close();
  },
);
