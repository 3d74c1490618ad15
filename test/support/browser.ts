import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { ROOT } from '../../infra/temporal/processes';

/** Debian's Chromium, installed by the project's setup (never a downloaded browser). */
export const CHROMIUM = '/usr/bin/chromium';

/**
 * Headless Chromium as the machine allows it: no sandbox (root), and none of the background
 * traffic (updates, sync, safe browsing) a closed network refuses at every start.
 */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

export const LAPTOP = { width: 1280, height: 800 };
export const PHONE = { width: 390, height: 844 };

/** A fresh browser profile (own storage, so own session), signed in through the login form. */
export async function signedIn(
  browser: Browser,
  webUrl: string,
  email: string,
  password: string,
  viewport = LAPTOP,
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport, baseURL: webUrl });
  const page = await context.newPage();
  await page.goto('/login');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL((url) => !url.pathname.startsWith('/login'));
  return { context, page };
}

/**
 * Where the tests leave their screenshots: `.temporal/test/screenshots`, or SCREENSHOTS_DIR
 * (`npm run screenshots` refreshes the README's, in docs/screenshots).
 */
export function screenshotDir(): string {
  const dir = path.resolve(ROOT, process.env.SCREENSHOTS_DIR ?? '.temporal/test/screenshots');
  mkdirSync(dir, { recursive: true });
  return dir;
}

export async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: path.join(screenshotDir(), `${name}.png`), fullPage: true });
}
