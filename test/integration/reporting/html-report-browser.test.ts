import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { buildReport } from '../../../src/reporting/build-report.ts';
import { renderHtmlReport } from '../../../src/reporting/render-html-report.ts';
import { actionableReportInput, sampleReportInput } from '../../unit/reporting/report-fixture.ts';

const CHROMIUM = '/usr/bin/chromium';
const skipReason = existsSync(CHROMIUM)
  ? undefined
  : `${CHROMIUM} is missing (install it: apt-get install -y chromium)`;
const title =
  skipReason === undefined
    ? 'HTML report in headless Chromium'
    : `HTML report in headless Chromium — SKIPPED: ${skipReason}`;

/** Headless Chromium with a fresh profile (Playwright takes it as launchPersistentContext's userDataDir). */
function launch(profile: string, viewport: { width: number; height: number }) {
  return chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    viewport,
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
}

/** Console errors and warnings and uncaught page errors, as they happen. */
function collectProblems(page: Page): string[] {
  const problems: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error' || message.type() === 'warning')
      problems.push(`${message.type()}: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
  return problems;
}

describe.skipIf(skipReason !== undefined)(title, () => {
  const dir = mkdtempSync(join(tmpdir(), 'lw-report-html-'));
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('renders with no console errors and no network requests; the three SVG charts have visible shapes', async () => {
    const file = join(dir, 'report.html');
    writeFileSync(file, renderHtmlReport(buildReport(sampleReportInput())), 'utf8');
    const context = await launch(join(dir, 'profile'), { width: 1100, height: 900 });
    try {
      const page = await context.newPage();
      const problems = collectProblems(page);
      const requests: string[] = [];
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

  it('lays out at 1280×800 with charts filling their cards, no horizontal overflow, live links and ids on hover', async () => {
    const file = join(dir, 'actionable.html');
    writeFileSync(file, renderHtmlReport(buildReport(actionableReportInput())), 'utf8');
    const context = await launch(join(dir, 'profile-2'), { width: 1280, height: 800 });
    try {
      const page = await context.newPage();
      const problems = collectProblems(page);
      await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });

      // No horizontal overflow: the document is no wider than the viewport, and no table spills out of the body.
      // (Evaluated in the page as a string: the test's TypeScript has no DOM types.)
      const metrics = (await page.evaluate(`(() => {
        const body = document.body.getBoundingClientRect();
        return {
          scrollWidth: document.documentElement.scrollWidth,
          clientWidth: document.documentElement.clientWidth,
          overflowing: [...document.querySelectorAll('table, figure, .cards')]
            .filter((el) => el.getBoundingClientRect().right > body.right + 1)
            .map((el) => el.id || (el.parentElement && el.parentElement.id) || el.tagName),
        };
      })()`)) as { scrollWidth: number; clientWidth: number; overflowing: string[] };
      expect(metrics.scrollWidth).toBeLessThanOrEqual(metrics.clientWidth);
      expect(metrics.overflowing).toEqual([]);

      // Each chart fills its card: the SVG spans the figure's content box (within its padding) and is not squashed.
      for (const id of ['chart-over-time', 'chart-by-team', 'chart-funnel']) {
        const figure = await page.locator(`#${id}`).boundingBox();
        const svg = await page.locator(`#${id} svg`).boundingBox();
        // The figure's content box: its width less 8 px padding and 1 px border on each side (the page CSS).
        const inner = (figure?.width ?? 0) - 18;
        const fill = { ratio: (svg?.width ?? 0) / inner, height: svg?.height ?? 0 };
        expect(fill.ratio, id).toBeGreaterThan(0.97);
        expect(fill.ratio, id).toBeLessThanOrEqual(1.001);
        expect(fill.height, id).toBeGreaterThan(80);
      }

      // Links: issue keys go to Jira's browse page, resources to their Databricks page; nothing else is linked.
      const links = await page.$$eval('a', (as) =>
        as.map((a) => ({ text: a.textContent ?? '', href: a.href, title: a.closest('td')?.title ?? '' })),
      );
      expect(links.length).toBeGreaterThan(0);
      for (const link of links) {
        const url = new URL(link.href);
        expect(url.protocol, link.href).toBe('https:');
        if (/^FIN-\d+$/.test(link.text)) expect(url.href).toBe(`https://example.atlassian.net/browse/${link.text}`);
        else {
          expect(url.host).toBe('dbc-a1b2c3d4-e5f6.cloud.databricks.com');
          expect(url.pathname).toMatch(/^\/sql\/warehouses\/wh-\d+$/);
          expect(link.title).toMatch(/^warehouse wh-\d+$/);
        }
      }
      expect(
        links
          .filter((l) => /^FIN-\d+$/.test(l.text))
          .map((l) => l.text)
          .sort(),
      ).toEqual(['FIN-1', 'FIN-2', 'FIN-7']);
      // The javascript: URL stored for FIN-6 is not a link anywhere.
      expect(await page.locator('a[href^="javascript"]').count()).toBe(0);
      // Names with their ids on hover (workspace name → id).
      expect(await page.locator('#by-workspace td[title="ws-1"]').textContent()).toBe('prod-analytics');
      // Estimated (list and effective), excess and verified are separate columns.
      const headers = await page.locator('#by-team thead th').allTextContents();
      expect(headers).toEqual(
        expect.arrayContaining([
          'Estimated USD/month (list)',
          'Estimated USD/month (effective)',
          'Excess USD/month (not savings)',
          'Verified USD/month',
        ]),
      );
      expect(await page.locator('#action-outcomes tbody tr').allTextContents()).toEqual([
        'verified1',
        'refused1',
        'failed1',
        'rolled back1',
      ]);
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  }, 60_000);
});
