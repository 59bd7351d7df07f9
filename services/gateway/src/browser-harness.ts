import { after, before } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { spawnSync } from 'node:child_process';
import { chromium, type Browser, type Page } from 'playwright-core';
import { startEmbedded, type EmbeddedSystem } from '@runnerly/cli';

export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
/** A skip reason when Debian's Chromium is not installed (`.ci/run` installs it). */
export const noChromium: false | string = !existsSync(chromiumPath) && `no ${chromiumPath}`;
const shots = resolve(import.meta.dirname, '../../../artifacts/screenshots');

export interface BrowserSystem {
  readonly sys: EmbeddedSystem;
  readonly browser: Browser;
  /** Full-page screenshot kept under artifacts/screenshots/<name>.png. */
  shot(page: Page, name: string): Promise<void>;
}

/**
 * For a browser test file: the dashboard built as `npm start` builds it, the whole system
 * started as `npm start` starts it (free ports, a fresh data folder), and headless Chromium.
 */
export function useBrowserSystem(label: string): BrowserSystem {
  let sys: EmbeddedSystem | undefined;
  let browser: Browser | undefined;
  let dataDir: string | undefined;
  before(async () => {
    const build = spawnSync(process.execPath, [resolve(import.meta.dirname, '../../../apps/dashboard/scripts/build-if-stale.mjs')], { stdio: 'inherit' });
    assert.equal(build.status, 0, 'dashboard build');
    dataDir = mkdtempSync(join(tmpdir(), `runnerly-e2e-${label}-`));
    sys = await startEmbedded({ basePort: 0, dataDir, quiet: true, env: {} });
    if (!noChromium) browser = await chromium.launch({ executablePath: chromiumPath, args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
    mkdirSync(shots, { recursive: true });
  });
  after(async () => {
    await browser?.close();
    await sys?.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });
  return {
    get sys() { return sys!; },
    get browser() { return browser!; },
    async shot(page, name) { await page.screenshot({ path: join(shots, `${name}.png`), fullPage: true }); },
  };
}

/** Calls the gateway from the page: same cookies, CSRF header from the cookie, like the dashboard. */
export async function call<T = unknown>(page: Page, method: string, path: string, body?: unknown): Promise<{ status: number; body: T }> {
  return page.evaluate(async ([m, p, b]) => {
    const csrf = decodeURIComponent((globalThis as unknown as { document: { cookie: string } }).document.cookie.match(/(?:^|;\s*)runnerly_csrf=([^;]+)/)?.[1] ?? '');
    const res = await fetch(p as string, { method: m as string, headers: { 'content-type': 'application/json', 'x-csrf-token': csrf }, body: b === undefined ? undefined : JSON.stringify(b) });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : null };
  }, [method, path, body] as const) as Promise<{ status: number; body: T }>;
}
