import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { buildReport } from '../../../src/reporting/build-report.ts';
import { renderHtmlReport } from '../../../src/reporting/render-html-report.ts';
import { sampleReportInput } from '../../unit/reporting/report-fixture.ts';

const CHROMIUM = '/usr/bin/chromium';
const skipReason = existsSync(CHROMIUM)
  ? undefined
  : `${CHROMIUM} is missing (install it: apt-get install -y chromium)`;
const title =
  skipReason === undefined
    ? 'HTML report in headless Chromium'
    : `HTML report in headless Chromium — SKIPPED: ${skipReason}`;

describe.skipIf(skipReason !== undefined)(title, () => {
  const dir = mkdtempSync(join(tmpdir(), 'lw-report-html-'));
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('renders with no console errors and no network requests; the three SVG charts have visible shapes', async () => {
    const file = join(dir, 'report.html');
    writeFileSync(file, renderHtmlReport(buildReport(sampleReportInput())), 'utf8');
    // A fresh profile per run (Playwright takes it as launchPersistentContext's userDataDir).
    const context = await chromium.launchPersistentContext(join(dir, 'profile'), {
      executablePath: CHROMIUM,
      viewport: { width: 1100, height: 900 },
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
    try {
      const page = await context.newPage();
      const problems: string[] = [];
      const requests: string[] = [];
      page.on('console', (message) => {
        if (message.type() === 'error' || message.type() === 'warning')
          problems.push(`${message.type()}: ${message.text()}`);
      });
      page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
      page.on('request', (request) => requests.push(request.url()));
      const url = pathToFileURL(file).href;
      await page.goto(url, { waitUntil: 'load' });

      await expect(page.title()).resolves.toBe('lakewarden savings report');
      for (const id of ['chart-over-time', 'chart-by-team', 'chart-funnel']) {
        const svg = page.locator(`#${id} svg`);
        await svg.waitFor({ state: 'visible' });
        const box = await svg.boundingBox();
        expect(box?.width ?? 0, id).toBeGreaterThan(100);
        expect(await page.locator(`#${id} svg rect`).count(), id).toBeGreaterThan(0);
        await page.locator(`#${id} svg rect`).first().waitFor({ state: 'visible' });
      }
      expect(await page.locator('#chart-over-time svg path').count()).toBeGreaterThan(0);
      expect(await page.locator('#chart-funnel svg rect').count()).toBe(4);
      expect(await page.locator('#by-team tbody tr').count()).toBe(3);

      const png = join(dir, 'report.png');
      await page.screenshot({ path: png, fullPage: true });
      expect(statSync(png).size).toBeGreaterThan(20_000);
      if (process.env.LW_KEEP_SCREENSHOT !== undefined)
        writeFileSync(process.env.LW_KEEP_SCREENSHOT, readFileSync(png));

      expect(problems).toEqual([]);
      expect(requests).toEqual([url]);
    } finally {
      await context.close();
    }
  }, 60_000);
});
