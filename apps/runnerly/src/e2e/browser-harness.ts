import { after, before } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { spawnSync } from 'node:child_process';
import type { Browser, BrowserContext, Page } from '@runnerly/testing/browser';
import { launchChromium, noChromium, screenshot } from '@runnerly/testing/browser';
import { startEmbedded, type EmbeddedSystem } from '../embedded.ts';

export { noChromium };

export interface BrowserSystem {
  readonly sys: EmbeddedSystem;
  readonly browser: Browser;
  /** Full-page screenshot kept under artifacts/screenshots/<name>.png. */
  shot(page: Page, name: string): Promise<void>;
}

/**
 * For a browser test file: the dashboard built as `npm start` builds it, the whole system
 * started as `npm start` starts it (free ports, a fresh data folder, `env` as its environment),
 * and headless Chromium.
 */
export function useBrowserSystem(label: string, env: Record<string, string> = {}): BrowserSystem {
  let sys: EmbeddedSystem | undefined;
  let browser: Browser | undefined;
  let dataDir: string | undefined;
  before(async () => {
    const build = spawnSync(
      process.execPath,
      [resolve(import.meta.dirname, '../../../dashboard/scripts/build-if-stale.mjs')],
      { stdio: 'inherit' },
    );
    assert.equal(build.status, 0, 'dashboard build');
    dataDir = mkdtempSync(join(tmpdir(), `runnerly-e2e-${label}-`));
    // No map tiles from the internet in tests: off unless the test gives its own tile server.
    sys = await startEmbedded({ basePort: 0, dataDir, quiet: true, env: { GATEWAY_MAP_TILES_URL: 'off', ...env } });
    if (!noChromium) browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await sys?.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });
  return {
    get sys() {
      return sys!;
    },
    get browser() {
      return browser!;
    },
    shot: screenshot,
  };
}

/** Calls the gateway from the page: same cookies, CSRF header from the cookie, like the dashboard. */
export async function call<T = unknown>(
  page: Page,
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; body: T }> {
  return page.evaluate(
    async ([m, p, b]) => {
      const csrf = decodeURIComponent(
        (globalThis as unknown as { document: { cookie: string } }).document.cookie.match(
          /(?:^|;\s*)runnerly_csrf=([^;]+)/,
        )?.[1] ?? '',
      );
      const res = await fetch(p as string, {
        method: m as string,
        headers: { 'content-type': 'application/json', 'x-csrf-token': csrf },
        body: b === undefined ? undefined : JSON.stringify(b),
      });
      const text = await res.text();
      return { status: res.status, body: text ? JSON.parse(text) : null };
    },
    [method, path, body] as const,
  ) as Promise<{ status: number; body: T }>;
}

/** A fresh browser context and page that collect console errors and page errors. */
export async function openPage(
  e2e: BrowserSystem,
): Promise<{ context: BrowserContext; page: Page; problems: string[] }> {
  const context = await e2e.browser.newContext({ viewport: { width: 1100, height: 800 } });
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`${m.text()} ${m.location().url}`);
  });
  page.on('pageerror', (e) => problems.push(e.message));
  return { context, page, problems };
}

/** A signed-in runner in a fresh page (sign-up, mailbox and activation through the API the pages use). */
export async function signedInRunner(
  e2e: BrowserSystem,
  name: string,
): Promise<{ context: BrowserContext; page: Page; problems: string[]; userId: string }> {
  const { context, page, problems } = await openPage(e2e);
  const email = `${name.toLowerCase()}-${Date.now()}@example.com`;
  const password = 'a long enough password 42';
  await page.goto(`${e2e.sys.urls.gateway}/login`);
  assert.equal((await call(page, 'POST', '/api/auth/signup', { email, password, name })).status, 202);
  const token = await activationToken(page, email);
  assert.equal((await call(page, 'POST', '/api/auth/activate', { token })).status, 200);
  const login = await call<{ user: { id: string } }>(page, 'POST', '/api/auth/login', { email, password });
  assert.equal(login.status, 200);
  return { context, page, problems, userId: login.body.user.id };
}

/** The activation token of the mail the development mailbox holds for `email` (waits up to 5 s). */
export async function activationToken(page: Page, email: string): Promise<string> {
  let token: string | undefined;
  for (let i = 0; i < 50 && !token; i++) {
    const box = await call<{ messages: Array<{ to: string; links: Array<{ url: string }> }> }>(
      page,
      'GET',
      '/api/mailbox',
    );
    token = box.body.messages
      .find((m) => m.to === email)
      ?.links.map((l) => /[?&]token=([^&]+)/.exec(l.url)?.[1])
      .find(Boolean);
    if (!token) await page.waitForTimeout(100);
  }
  assert.ok(token, 'activation mail');
  return token;
}
