// The marketplace in a real browser: the registry's pages against a real registry with the
// sample catalog published, the elements embedded on a second origin (plain HTML and React),
// keyboard-only use, axe-core, screenshots (.screenshots/, git-ignored), the bundle budget
// and the homepage's largest contentful paint. Chromium through playwright-core.
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRegistryClient, type RegistryClient } from '@pollinate/client';
import { loadPatternCatalog } from '@pollinate/client/pattern-folder';
import { build } from 'esbuild';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../../packages/client/src/cli/program.js';
import {
  BUNDLE_BUDGET_GZIP_BYTES,
  BUNDLE_CEILING_GZIP_BYTES,
  type BuiltBundle,
  buildElementsBundle,
} from '../../../packages/elements/scripts/build-bundle.js';
import { createClock } from '../../quickstart/src/clock.js';
import { publishCatalog } from '../../quickstart/src/publish-catalog.js';
import { type RunningRegistry, startRegistry } from '../src/index.js';
import { largestContentfulPaint, launchChromium, seriousViolations, serveStatic } from './browser-harness.js';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const screenshots = join(root, '.screenshots');
const PUBLISHERS = ['resilience-guild', 'dataflow-labs', 'edge-platform', 'scale-works', 'release-ops'];
const CONSUMERS = ['payments', 'checkout', 'search-team', 'data-platform'];
const token = (team: string) => `token-${team}`;
/** How long a web-first assertion waits for the page. */
const T = { timeout: 10_000, interval: 50 };

let dir: string;
let bundle: BuiltBundle;
let registry: RunningRegistry;
let embed: Awaited<ReturnType<typeof serveStatic>>;
let browser: Browser;
let published = 0;

function client(team: string): RegistryClient {
  return createRegistryClient({ baseUrl: registry.url, token: token(team), retry: 0 });
}

async function shoot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(screenshots, `${name}.png`), fullPage: true });
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'pollinate-web-'));
  mkdirSync(screenshots, { recursive: true });
  bundle = await buildElementsBundle({ outfile: join(dir, 'pollinate-elements.js') });

  // Pages on a second origin: plain HTML and React, embedding the bundle from the registry.
  const react = await build({
    entryPoints: [fileURLToPath(new URL('./fixtures/react-page.js', import.meta.url))],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    minify: true,
    write: false,
    define: { 'process.env.NODE_ENV': '"production"' },
    logLevel: 'warning',
  });
  const files: Record<string, [string, string | Uint8Array]> = {
    '/react.js': ['text/javascript', react.outputFiles[0]?.contents ?? ''],
  };
  embed = await serveStatic(files);
  const embedOrigin = `http://127.0.0.1:${embed.port}`;

  const clock = createClock('2026-05-01T09:00:00.000Z');
  registry = await startRegistry({
    db: join(dir, 'registry.db'),
    tokens: [...PUBLISHERS, ...CONSUMERS].map((team) => `${team}:${token(team)}`).join(','),
    now: () => clock.now(),
    elementsBundle: bundle.outfile,
    corsOrigins: [embedOrigin],
    rateLimit: false,
  });
  const catalog = await loadPatternCatalog(join(root, 'examples/catalog'));
  const summary = await publishCatalog(catalog.packages, {
    clientFor: client,
    clock,
    notAfter: '2026-11-20T09:00:00.000Z',
  });
  published = summary.published.length;
  // Adoption and reviews, a few days before "now" (the browser's clock is real time).
  clock.set(new Date(Date.now() - 3 * 86_400_000));
  const adopt = [
    'resilience-guild/circuit-breaker',
    'resilience-guild/retry-with-backoff',
    'dataflow-labs/transactional-outbox',
  ];
  const stars = [5, 4, 5, 3];
  for (const [index, team] of CONSUMERS.entries()) {
    for (const patternId of adopt) await client(team).recordAdoption({ type: 'install', patternId });
    await client(team).submitReview('resilience-guild/circuit-breaker', {
      rating: stars[index] ?? 4,
      title: `Works for ${team}`,
      body: `We run it in front of ${index + 2} services; the sliding window made alerts calmer.`,
      wouldRecommend: true,
    });
  }

  const page = (body: string) =>
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Partner portal</title>
<script type="module" src="${registry.url}/assets/pollinate-elements.js"></script>
<style>body{font-family:system-ui;margin:2rem;max-width:60rem} pollinate-pattern-card{--pollinate-color-accent:#6b2fb3}</style>
</head><body><main><h1>Partner portal</h1>${body}</main></body></html>`;
  files['/plain.html'] = [
    'text/html',
    page(`<h2>Pattern of the week</h2>
<pollinate-pattern-card registry="${registry.url}" pattern="resilience-guild/circuit-breaker"></pollinate-pattern-card>
<h2>For the payments team</h2>
<pollinate-recommendations registry="${registry.url}" team="payments" stack="node@20.11.0" adopted="resilience-guild/circuit-breaker"></pollinate-recommendations>
<script>window.selected = []; document.addEventListener('pollinate-select', (e) => window.selected.push(e.detail.patternId));</script>`),
  ];
  files['/react.html'] = [
    'text/html',
    page(
      `<div id="root"></div><script>window.POLLINATE_REGISTRY = ${JSON.stringify(registry.url)};</script><script type="module" src="/react.js"></script>`,
    ),
  ];
  browser = await launchChromium();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await registry?.close();
  await embed?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('the element bundle', () => {
  it('is one ES module under the enforced gzip ceiling (77 KiB; the 60 KiB budget needs zod/mini schemas in core)', () => {
    console.log(
      `pollinate-elements.js: ${(bundle.bytes / 1024).toFixed(1)} KiB, ${(bundle.gzipBytes / 1024).toFixed(1)} KiB gzipped (budget ${BUNDLE_BUDGET_GZIP_BYTES / 1024} KiB)`,
    );
    expect(bundle.bytes).toBeGreaterThan(10_000);
    expect(bundle.gzipBytes).toBeLessThanOrEqual(BUNDLE_CEILING_GZIP_BYTES);
  });
});

describe('the registry marketplace pages', () => {
  it('homepage: stats, trending, new arrivals; paints within 1 s; no serious accessibility violations', async () => {
    expect(published).toBeGreaterThanOrEqual(40);
    // Warm the registry once (the first /stats opens the network replica), as a running registry is.
    expect((await fetch(`${registry.url}/`)).status).toBe(200);
    const page = await browser.newPage();
    await page.goto(`${registry.url}/`);
    const lcp = await largestContentfulPaint(page);
    console.log(`homepage largest contentful paint: ${lcp.toFixed(0)} ms`);
    expect(lcp).toBeLessThanOrEqual(1000);
    await expect
      .poll(() => page.locator('dl.stats').first().textContent(), T)
      .toContain(`Versions${published}`);
    // Live figures: the mean of the four accepted reviews (5, 4, 5, 3) and every adoption event.
    const figures = await page.locator('dl.stats').first().textContent();
    expect(figures).toContain('Average rating4.25');
    expect(figures).toContain('Adoption events12');
    expect(await page.locator('section[aria-labelledby="trending-heading"] li').count()).toBeGreaterThan(0);
    await expect
      .poll(() => page.locator('section[aria-labelledby="trending-heading"]').first().textContent(), T)
      .toContain('Circuit Breaker');
    expect(await page.locator('section[aria-labelledby="new-heading"] li').count()).toBe(8);
    await page.locator('pollinate-recommendations .item').first().waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await shoot(page, 'home');
    await page.close();
  });

  it('search with a facet and paging, open a pattern, see the rating chart, follow a recommendation', async () => {
    const page = await browser.newPage();
    await page.goto(`${registry.url}/search?q=cache`);
    const results = page.locator('pollinate-search ol[part="results"] > li');
    await results.first().waitFor();
    const status = page.locator('pollinate-search [role="status"]');
    await expect.poll(() => status.first().textContent(), T).toContain('for “cache”');
    const unfiltered = await status.textContent();
    // A facet as a filter: the first pricing value narrows (or keeps) the result count.
    const facet = page
      .locator('pollinate-search fieldset:has(legend:text("Pricing")) input[type="checkbox"]')
      .first();
    await facet.check();
    await expect.poll(() => status.first().textContent(), T).not.toBe(unfiltered ?? '');
    await facet.uncheck();
    await expect.poll(() => status.first().textContent(), T).toBe(unfiltered ?? '');
    // Paging through a broad query.
    await page.locator('pollinate-search input[type="search"]').fill('');
    await page.locator('pollinate-search button[type="submit"]').click();
    await expect.poll(() => status.first().textContent(), T).toContain('page 1');
    await page.locator('pollinate-search nav[part="pager"] button:text("Next")').click();
    await expect.poll(() => status.first().textContent(), T).toContain('page 2');
    await page.locator('pollinate-search input[type="search"]').fill('circuit breaker');
    await page.locator('pollinate-search button[type="submit"]').click();
    await expect.poll(() => status.first().textContent(), T).toContain('for “circuit breaker”');
    expect(await seriousViolations(page)).toEqual([]);
    await shoot(page, 'search');
    await page.locator('pollinate-search a.item', { hasText: 'Circuit Breaker' }).first().click();
    await page.waitForURL(/\/patterns\/resilience-guild\/circuit-breaker$/);
    // Detail page: server-rendered sections, the rating chart with the four reviews.
    await expect.poll(() => page.locator('h1').first().textContent(), T).toContain('Circuit Breaker');
    await expect.poll(() => page.locator('#versions + table').first().textContent(), T).toContain('1.0.0');
    await expect.poll(() => page.locator('ul.reviews > li').count(), T).toBe(4);
    const chart = page.locator(
      'section[aria-labelledby="reputation"] pollinate-rating-chart svg[role="img"]',
    );
    await expect
      .poll(() => chart.first().getAttribute('aria-label'), T)
      .toMatch(/4 reviews; 5 stars: 2, 4 stars: 1, 3 stars: 1/);
    const card = page.locator('aside pollinate-pattern-card');
    await expect
      .poll(() => card.locator('[part="install"] code').first().textContent(), T)
      .toBe(`npx pollinate install resilience-guild/circuit-breaker@^2.0.0 --registry ${registry.url}`);
    // The registry's adoption counters, not the published listing's zeros.
    await expect
      .poll(() => card.locator('[part="adoption"]').first().textContent(), T)
      .toBe('4 active installs · 0 downloads · 4 organizations');
    // The command the card shows works: run it (without `npx`) with the real CLI.
    const shown = (await card.locator('[part="install"] code').first().textContent()) ?? '';
    const cwd = mkdtempSync(join(dir, 'install-'));
    let output = '';
    const code = await runCli(shown.split(' ').slice(2), {
      stdout: (text) => {
        output += text;
      },
      stderr: (text) => {
        output += text;
      },
      stdoutBytes: () => {},
      readStdin: async () => new Uint8Array(),
      env: {},
      isTTY: false,
      cwd,
    });
    expect({ code, output }).toMatchObject({ code: 0 });
    const lock = JSON.parse(readFileSync(join(cwd, 'pollinate-lock.json'), 'utf8'));
    expect(lock.requested).toEqual({ 'resilience-guild/circuit-breaker': '^2.0.0' });
    expect(lock.packages['resilience-guild/circuit-breaker'].version).toBe('2.0.0');
    await expect.poll(() => card.locator('pollinate-rating-chart svg rect.bar').count(), T).toBe(5);
    const recommendation = page.locator('aside pollinate-recommendations a.item').first();
    await recommendation.waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await shoot(page, 'pattern');
    const href = await recommendation.getAttribute('href');
    await recommendation.click();
    await page.waitForURL(`${registry.url}${href}`);
    await page.locator('h1').first().waitFor();
    // Lineage: the OpenTelemetry fork (prereleases only, so not in the catalog) names its parent.
    await page.goto(`${registry.url}/patterns/release-ops/circuit-breaker-otel`);
    await expect
      .poll(() => page.locator('section[aria-labelledby="lineage"]').textContent(), T)
      .toContain('Forked from resilience-guild/circuit-breaker@1.1.0');
    await page.close();
  });

  it('publisher dashboard', async () => {
    const page = await browser.newPage();
    await page.goto(`${registry.url}/publishers/resilience-guild`);
    await expect.poll(() => page.locator('h1').first().textContent(), T).toContain('resilience-guild');
    await expect.poll(() => page.locator('table').first().textContent(), T).toContain('Circuit Breaker');
    // The store's adoption counters: four teams installed circuit-breaker and retry-with-backoff.
    expect(await page.locator('dl.stats').first().textContent()).toContain('Active installs8');
    const row = page.locator('tr', { hasText: 'Circuit Breaker' }).first();
    expect((await row.locator('td').allTextContents()).slice(2, 4)).toEqual(['0', '4']);
    await page.locator('pollinate-rating-chart svg').waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await shoot(page, 'publisher');
    const missing = await page.goto(`${registry.url}/publishers/nobody-here`);
    expect(missing?.status()).toBe(404);
    await page.close();
  });

  it('works with the keyboard alone: search, move through results with arrows, open one', async () => {
    const page = await browser.newPage();
    await page.goto(`${registry.url}/search`);
    await page.locator('pollinate-search ol[part="results"] > li').first().waitFor();
    // Tab from the top of the page until the element's search box has focus.
    let inBox = false;
    for (let step = 0; step < 10 && !inBox; step += 1) {
      await page.keyboard.press('Tab');
      inBox = await page.evaluate(
        () =>
          document.activeElement?.tagName === 'POLLINATE-SEARCH' &&
          document.activeElement.shadowRoot?.activeElement?.id === 'q',
      );
    }
    expect(inBox).toBe(true);
    await page.keyboard.type('retry');
    await page.keyboard.press('Enter');
    const status = page.locator('pollinate-search [role="status"]');
    await expect.poll(() => status.first().textContent(), T).toContain('for “retry”');
    // Tab to the filters' first checkbox, Space ticks it; then into the results and arrows.
    await page.keyboard.press('Tab'); // submit button
    await page.keyboard.press('Tab'); // first facet checkbox
    await page.keyboard.press('Space');
    await expect
      .poll(() => page.locator('pollinate-search input[type="checkbox"]').first().isChecked(), T)
      .toBe(true);
    await page.keyboard.press('Space');
    const first = page.locator('pollinate-search a.item').first();
    await first.focus();
    await page.keyboard.press('ArrowDown');
    const focusedHref = await page.evaluate(() =>
      (
        document.querySelector('pollinate-search')?.shadowRoot?.activeElement as HTMLAnchorElement | null
      )?.getAttribute('href'),
    );
    const secondHref = await page.locator('pollinate-search a.item').nth(1).getAttribute('href');
    expect(focusedHref).toBe(secondHref);
    await page.keyboard.press('Enter');
    await page.waitForURL(`${registry.url}${secondHref}`);
    await page.close();
  });
});

describe('the elements on another origin', () => {
  it('a plain HTML page embeds the bundle with one script tag and renders live data', async () => {
    const page = await browser.newPage();
    await page.goto(`http://127.0.0.1:${embed.port}/plain.html`);
    const card = page.locator('pollinate-pattern-card');
    await expect.poll(() => card.locator('h3').first().textContent(), T).toContain('Circuit Breaker');
    await card.locator('[part="certification"]').first().waitFor();
    await expect
      .poll(() => card.locator('pollinate-rating-chart svg').first().getAttribute('aria-label'), T)
      .toMatch(/4 reviews/);
    await expect
      .poll(() => card.locator('pollinate-adoption-sparkline svg').first().getAttribute('aria-label'), T)
      .toMatch(/4 in all/);
    const lists = page.locator('pollinate-recommendations section[part="list"]');
    await lists.first().waitFor();
    expect(await lists.count()).toBeGreaterThan(0);
    expect(await seriousViolations(page)).toEqual([]);
    await shoot(page, 'embed-plain');
    // Without item-href the items are buttons; choosing one fires pollinate-select.
    const item = page.locator('pollinate-recommendations button.item').first();
    await item.focus();
    await page.keyboard.press('Enter');
    const selected = await page.evaluate(() => (window as unknown as { selected: string[] }).selected);
    expect(selected).toHaveLength(1);
    expect(selected[0]).toMatch(/^[a-z0-9-]+\/[a-z0-9-]+$/);
    await page.close();
  });

  it('a React page renders the elements and receives pollinate-select', async () => {
    const page = await browser.newPage();
    await page.goto(`http://127.0.0.1:${embed.port}/react.html`);
    const card = page.locator('pollinate-pattern-card');
    await expect.poll(() => card.locator('h3').first().textContent(), T).toContain('Transactional Outbox');
    await card.locator('h3 button.item').click();
    await expect
      .poll(() => page.locator('#chosen').first().textContent(), T)
      .toBe('Chosen: dataflow-labs/transactional-outbox');
    await shoot(page, 'embed-react');
    await page.close();
  });

  it('CORS: reads from any origin; writes only from a --cors-origin origin', async () => {
    const page = await browser.newPage();
    const write = (origin: string) =>
      page.goto(`${origin}/plain.html`).then(() =>
        page.evaluate(
          async ({ url, bearer }) => {
            try {
              const response = await fetch(`${url}/api/v1/adoptions`, {
                method: 'POST',
                headers: { authorization: `Bearer ${bearer}`, 'content-type': 'application/json' },
                body: JSON.stringify({ type: 'download', patternId: 'resilience-guild/bulkhead' }),
              });
              return String(response.status);
            } catch (error) {
              return (error as Error).name;
            }
          },
          { url: registry.url, bearer: token('payments') },
        ),
      );
    expect(await write(`http://127.0.0.1:${embed.port}`)).toBe('201');
    // localhost is another origin than 127.0.0.1: not listed, so the browser refuses the write.
    expect(await write(`http://localhost:${embed.port}`)).toBe('TypeError');
    const read = await page.evaluate(
      async (url) => (await fetch(`${url}/api/v1/stats`)).status,
      registry.url,
    );
    expect(read).toBe(200);
    await page.close();
  });
});
