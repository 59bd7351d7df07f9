// Debian's Chromium for browser tests (no browser download): where it is, whether it is there,
// how every test launches it, and where screenshots go.
import { existsSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';

export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
/** A skip reason when Debian's Chromium is not installed (`.ci/run` installs it). */
export const noChromium: false | string = !existsSync(chromiumPath) && `no ${chromiumPath}`;
/** `artifacts/screenshots/` at the repository's root. */
export const screenshotDir = resolve(import.meta.dirname, '../../../artifacts/screenshots');

/** Headless Chromium with the flags this machine needs (no sandbox as root, no background traffic). */
export function launchChromium(): Promise<Browser> {
  mkdirSync(screenshotDir, { recursive: true });
  return chromium.launch({
    executablePath: chromiumPath,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
}

/** A full-page screenshot kept under artifacts/screenshots/<name>.png. */
export async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(screenshotDir, `${name}.png`), fullPage: true });
}
export type { Browser, BrowserContext, Page } from 'playwright-core';
