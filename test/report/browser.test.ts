// Opens the HTML report in a real headless Chromium from a file:// URL: no console errors, no
// network request, the injected client order id shown as text with no element made from it.
// Screenshots go to test-artifacts/ (gitignored). Without Chromium the test is skipped and says why.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { writeReport } from '../../src/report/write-report.js';
import type { BrowserContext, Request } from 'playwright-core';
import { HOSTILE_CLIENT_ORDER_ID, makeIncident, type Fixture } from './fixture.js';

const CHROMIUM = process.env.KIT_CHROMIUM ?? '/usr/bin/chromium';
const available = existsSync(CHROMIUM);
const ARTIFACTS = path.resolve('test-artifacts');
if (!available) console.warn(`SKIPPED: browser test of the HTML report: no Chromium at ${CHROMIUM} (install Debian's chromium package, or set KIT_CHROMIUM).`);

let live: Fixture;
let dry: Fixture;
let browser: { context: BrowserContext; userDataDir: string } | undefined;
beforeAll(async () => {
  live = await makeIncident();
  dry = await makeIncident({ dryRun: true });
  await fs.mkdir(ARTIFACTS, { recursive: true });
  if (!available) return;
  const { chromium } = await import('playwright-core');
  // A fresh profile: nothing cached, no extension, no sync.
  const userDataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'kit-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    viewport: { width: 1200, height: 900 },
  });
  browser = { context, userDataDir };
});
afterAll(async () => {
  await browser?.context.close();
  if (browser) await fs.rm(browser.userDataDir, { recursive: true, force: true });
  await Promise.all([live?.cleanup(), dry?.cleanup()]);
});

interface PageVisit {
  consoleErrors: string[];
  requests: string[];
  dialogs: string[];
  hostileCells: number;
  hostileTitles: number;
  images: number;
  dryRunMarks: number;
}

async function visit(htmlFile: string, screenshot: string): Promise<PageVisit> {
  if (!browser) throw new Error('Chromium was not started');
  const context = browser.context;
  const visit: PageVisit = { consoleErrors: [], requests: [], dialogs: [], hostileCells: 0, hostileTitles: 0, images: 0, dryRunMarks: 0 };
  const onRequest = (request: Request) => visit.requests.push(request.url());
  const page = await context.newPage();
  const url = pathToFileURL(htmlFile).href;
  context.on('request', onRequest);
  try {
    page.on('console', (message) => {
      if (message.type() === 'error') visit.consoleErrors.push(message.text());
    });
    page.on('pageerror', (error) => visit.consoleErrors.push(error.message));
    page.on('dialog', (dialog) => {
      visit.dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    await page.goto(url, { waitUntil: 'load' });
    visit.requests = visit.requests.filter((r) => r !== url);
    visit.hostileCells = await page.locator('td.client-order-id').filter({ hasText: HOSTILE_CLIENT_ORDER_ID }).count();
    visit.hostileTitles = (await page.locator('svg title').allTextContents()).filter((t) => t.includes(HOSTILE_CLIENT_ORDER_ID)).length;
    visit.images = await page.locator('img').count();
    visit.dryRunMarks = await page.locator('h2 .dry-run-mark').count();
    await page.screenshot({ path: path.join(ARTIFACTS, `${screenshot}.png`), fullPage: true });
    await page.emulateMedia({ media: 'print' });
    await page.screenshot({ path: path.join(ARTIFACTS, `${screenshot}-print.png`) });
    return visit;
  } finally {
    context.off('request', onRequest);
    await page.close();
  }
}

describe('HTML report in headless Chromium', () => {
  it.skipIf(!available)('loads from a file URL with no console error and no request, and shows the injection as text', async () => {
    const { files } = await writeReport({ incidentDir: live.dir, formats: ['html'] });
    const seen = await visit(files[0].path, 'report-live');
    expect(seen.consoleErrors).toEqual([]);
    expect(seen.requests).toEqual([]);
    expect(seen.dialogs).toEqual([]);
    expect(seen.images).toBe(0);
    expect(seen.hostileCells).toBeGreaterThan(0);
    expect(seen.hostileTitles).toBeGreaterThan(0);
    expect(seen.dryRunMarks).toBe(0);
  });

  it.skipIf(!available)('marks every section of a dry-run report', async () => {
    const { files } = await writeReport({ incidentDir: dry.dir, formats: ['html'] });
    const seen = await visit(files[0].path, 'report-dry-run');
    expect(seen.consoleErrors).toEqual([]);
    expect(seen.requests).toEqual([]);
    expect(seen.dryRunMarks).toBeGreaterThanOrEqual(7);
  });
});
