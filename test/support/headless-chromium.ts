import { existsSync } from 'node:fs';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';

/**
 * Debian's `chromium` driven by puppeteer-core (no browser download; scripts/setup.sh installs
 * the package). A page opened with `openOffline` refuses every request other than the file
 * itself and records them, with every console error and uncaught page error.
 */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => existsSync(p)) ?? '/usr/bin/chromium';

export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) throw new Error(`no Chromium at ${CHROMIUM_PATH}: run scripts/setup.sh (apt-get install chromium) or set CHROMIUM_PATH`);
  // --no-sandbox: the test machine runs as root, where Chromium's sandbox refuses to start.
  return puppeteer.launch({ executablePath: CHROMIUM_PATH, headless: true, args: ['--no-sandbox', '--disable-gpu'] });
}

export interface OfflinePage {
  page: Page;
  /** every request other than the page's own file, each refused */
  refusedRequests: string[];
  consoleErrors: string[];
}

export async function openOffline(browser: Browser, fileUrl: string): Promise<OfflinePage> {
  const page = await browser.newPage();
  await page.setViewport({ width: 1280, height: 900 });
  const refusedRequests: string[] = [];
  const consoleErrors: string[] = [];
  await page.setRequestInterception(true);
  page.on('request', (request) => {
    if (request.url() === fileUrl) return void request.continue();
    refusedRequests.push(request.url());
    void request.abort();
  });
  page.on('console', (message) => {
    if (message.type() === 'error') consoleErrors.push(message.text());
  });
  page.on('pageerror', (err) => consoleErrors.push(String(err)));
  await page.goto(fileUrl, { waitUntil: 'load' });
  return { page, refusedRequests, consoleErrors };
}
