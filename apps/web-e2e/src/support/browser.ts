import { existsSync } from 'node:fs';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { gzipSync } from 'node:zlib';

/** Debian's Chromium (`.ci/run` installs it with apt); never a downloaded browser. */
export const CHROMIUM = process.env.CHROMIUM_BIN ?? '/usr/bin/chromium';

/** Headless, and unable to reach anything but this machine. */
const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1',
];

export function launch(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install -y chromium (or set CHROMIUM_BIN)`);
  return chromium.launch({ executablePath: CHROMIUM, args: FLAGS });
}

/** A phone: 375 px wide, as a caregiver holds it at night. */
export async function phone(browser: Browser): Promise<BrowserContext> {
  const context = await browser.newContext({ viewport: { width: 375, height: 812 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true });
  context.setDefaultTimeout(10_000);
  return context;
}

export interface PageLoad {
  /** ms from navigation start until the current glucose shows `expected`. */
  toGlucoseMs: number;
  /** Gzipped bytes of every script the page loaded by then. */
  scriptGzipBytes: number;
  /** Uncaught errors of the page by then (a hydration mismatch shows here). */
  errors: string[];
}

/** Opens the live view in a fresh page and measures it; the page stays open. */
export async function openLiveView(context: BrowserContext, url: string, expected: string): Promise<{ page: Page; load: PageLoad }> {
  const page = await context.newPage();
  const scripts: Promise<number>[] = [];
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('response', (res) => {
    if (res.request().resourceType() === 'script') scripts.push(res.body().then((b) => gzipSync(b).length, () => 0));
  });
  const started = Date.now();
  await page.goto(url, { waitUntil: 'commit' });
  await currentGlucose(page).filter({ hasText: expected }).waitFor();
  const toGlucoseMs = Date.now() - started;
  const scriptGzipBytes = (await Promise.all(scripts)).reduce((a, b) => a + b, 0);
  return { page, load: { toGlucoseMs, scriptGzipBytes, errors } };
}

export const currentGlucose = (page: Page) => page.getByRole('status', { name: 'Current glucose' });
export const connection = (page: Page) => page.getByRole('status', { name: 'Connection' });
export const treatments = (page: Page) => page.getByRole('list', { name: 'Treatments' });
export const treatment = (page: Page, text: string) => treatments(page).getByRole('listitem').filter({ hasText: text });
