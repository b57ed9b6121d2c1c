import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import type {
  PatternDocument,
  PatternReputation,
  PublisherReputation,
  ReviewList,
  Stats,
  VersionDocument,
} from '@pollinate/client';
import { type Listing, lineage, type Pricing } from '@pollinate/core';
import type { PublisherDashboard } from '@pollinate/reputation';
import { Hono } from 'hono';
import { html, raw } from 'hono/html';
import type { HtmlEscapedString } from 'hono/utils/html';
import type { Catalog } from '../catalog.js';
import type { RegistryEnv } from '../context.js';

/** Path of the built elements bundle inside `@pollinate/elements`. */
export const ELEMENTS_BUNDLE_SPECIFIER = '@pollinate/elements/bundle';

/** Options of {@link pageRoutes}. */
export interface PageRoutesOptions {
  /** The latest listings (new arrivals, lineage). */
  catalog: Catalog;
  /**
   * Calls the registry's own JSON API in-process (`path` below `/api/v1`, e.g. `/stats`):
   * the pages show exactly what the API answers, computed in one place.
   */
  api: (path: string) => Promise<Response>;
  /**
   * The built `pollinate-elements.js` served at `/assets/pollinate-elements.js`.
   * @default the `@pollinate/elements/bundle` file (`npm run build` makes it)
   */
  elementsBundle?: string;
}

type Page = HtmlEscapedString | Promise<HtmlEscapedString>;

/**
 * The marketplace's web pages, built from `@pollinate/elements`: `GET /` (trending, new
 * arrivals, stats, recommendations), `/search?q=` (`<pollinate-search>` with facets),
 * `/patterns/{scope}/{name}` (description, versions, pricing, accepted reviews, reputation
 * breakdown, badges, certification, lineage, the fetch command) and
 * `/publishers/{publisher}` (the publisher dashboard), plus the elements bundle at
 * `/assets/pollinate-elements.js`. Pages are server-rendered HTML (readable without
 * scripts); the elements upgrade in place and load live data from the same registry.
 *
 * @param options - see {@link PageRoutesOptions}
 * @returns a Hono sub-app to mount at `/`
 */
export function pageRoutes(options: PageRoutesOptions): Hono<RegistryEnv> {
  const app = new Hono<RegistryEnv>();
  let bundle: Promise<{ body: string; etag: string } | undefined> | undefined;
  const loadBundle = () => {
    bundle ??= (async () => {
      try {
        const path =
          options.elementsBundle ?? createRequire(import.meta.url).resolve(ELEMENTS_BUNDLE_SPECIFIER);
        const body = await readFile(path, 'utf8');
        return { body, etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"` };
      } catch {
        bundle = undefined; // not built yet: try again on the next request
        return undefined;
      }
    })();
    return bundle;
  };
  const getJson = async <T>(path: string): Promise<T | undefined> => {
    const response = await options.api(path);
    if (response.status === 404) return undefined;
    if (!response.ok) throw new Error(`GET /api/v1${path} answered ${response.status}`);
    return (await response.json()) as T;
  };

  app.get('/assets/pollinate-elements.js', async (c) => {
    const built = await loadBundle();
    if (!built) {
      return c.text(
        'The elements bundle is not built. Run `npm run build` (or `npm run build -w packages/elements`).',
        503,
      );
    }
    c.header('etag', built.etag);
    c.header('cache-control', 'public, max-age=300');
    if (c.req.header('if-none-match') === built.etag) return c.body(null, 304);
    return c.body(built.body, 200, { 'content-type': 'text/javascript; charset=utf-8' });
  });

  app.get('/', async (c) => {
    const stats = await getJson<Stats>('/stats');
    const listings = await options.catalog.listings();
    const arrivals = [...listings].sort((a, b) => b.publishedAt.localeCompare(a.publishedAt)).slice(0, 8);
    const averageRating = stats?.marketplace.averageRating;
    return c.html(
      layout(
        'Pollinate marketplace',
        html`<section aria-labelledby="stats-heading" class="hero">
            <h1>Pollinate marketplace</h1>
            <p class="lead">Reusable software patterns, rated and adopted by teams like yours.</p>
            ${searchForm('')}
            <h2 id="stats-heading" class="sr-only">Marketplace figures</h2>
            <dl class="stats">
              ${stat('Patterns', stats?.patterns ?? 0)} ${stat('Versions', stats?.versions ?? 0)}
              ${stat('Publishers', stats?.marketplace.totalPublishers ?? 0)} ${stat('Reviews', stats?.reviews ?? 0)}
              ${stat('Adoption events', stats?.adoptionEvents ?? 0)}
              ${stat('Average rating', typeof averageRating === 'number' ? averageRating.toFixed(2) : '–')}
            </dl>
          </section>
          <div class="columns">
            <section aria-labelledby="trending-heading">
              <h2 id="trending-heading">Trending</h2>
              ${
                stats?.trending.length
                  ? html`<ol class="plain">
                    ${stats.trending.map(
                      (item) =>
                        html`<li><a href="${patternPath(item.id)}">${item.name}</a>
                          <span class="muted">${item.id} · ${item.installs} installs, ${item.downloads} downloads</span></li>`,
                    )}
                  </ol>`
                  : html`<p class="muted">Nothing trending yet: no adoption events in the last weeks.</p>`
              }
            </section>
            <section aria-labelledby="new-heading">
              <h2 id="new-heading">New arrivals</h2>
              <ol class="plain">
                ${arrivals.map(
                  (listing) =>
                    html`<li><a href="${patternPath(listing.id)}">${listing.name}</a>
                      <span class="muted">${listing.id} · v${listing.version} · ${listing.publishedAt.slice(0, 10)}</span></li>`,
                )}
              </ol>
            </section>
          </div>
          <section aria-labelledby="rec-heading">
            <h2 id="rec-heading">Recommended to start with</h2>
            <pollinate-recommendations registry="/" team="${c.req.query('team') ?? 'guest'}" limit="3" item-href="/patterns/{id}"></pollinate-recommendations>
          </section>`,
      ),
    );
  });

  app.get('/search', (c) => {
    const q = c.req.query('q') ?? '';
    return c.html(
      layout(
        q ? `“${q}” · Pollinate search` : 'Search · Pollinate',
        html`<h1>Search patterns</h1>
          <pollinate-search registry="/" query="${q}" limit="10" item-href="/patterns/{id}"></pollinate-search>
          <noscript>${searchForm(q)}<p>Searching needs JavaScript; the JSON API answers at
            <a href="/api/v1/patterns/search?q=${encodeURIComponent(q)}">/api/v1/patterns/search</a>.</p></noscript>`,
      ),
    );
  });

  app.get('/patterns/:scope/:name', async (c) => {
    const id = `${c.req.param('scope')}/${c.req.param('name')}`;
    const path = `/patterns/${encodeURIComponent(c.req.param('scope'))}/${encodeURIComponent(c.req.param('name'))}`;
    const pattern = await getJson<PatternDocument>(path).catch(() => undefined);
    // A pattern with prereleases only has no `latest`: show its newest version.
    const newest = pattern?.versions.at(-1)?.version;
    const listing =
      pattern?.latest ??
      (newest ? (await getJson<VersionDocument>(`${path}/${newest}`))?.package.listing : undefined);
    if (!pattern || !listing) return c.html(notFound(`No pattern ${id}`), 404);
    const [reviews, reputation, listings] = await Promise.all([
      getJson<ReviewList>(`${path}/reviews`),
      getJson<PatternReputation>(`${path}/reputation`),
      options.catalog.lineageListings(),
    ]);
    return c.html(detailPage(pattern, listing, reviews, reputation, listings));
  });

  app.get('/publishers/:publisher', async (c) => {
    const publisher = c.req.param('publisher');
    const body = await getJson<PublisherReputation>(
      `/publishers/${encodeURIComponent(publisher)}/reputation`,
    ).catch(() => undefined);
    if (!body) return c.html(notFound(`No publisher ${publisher}`), 404);
    return c.html(publisherPage(body));
  });

  return app;
}

function patternPath(id: string): string {
  const [scope = '', name = ''] = id.split('/');
  return `/patterns/${encodeURIComponent(scope)}/${encodeURIComponent(name)}`;
}

function stat(label: string, value: number | string) {
  return html`<div><dt>${label}</dt><dd>${value}</dd></div>`;
}

function searchForm(q: string) {
  return html`<form action="/search" method="get" role="search" class="search">
    <label for="site-q" class="sr-only">Search patterns</label>
    <input id="site-q" type="search" name="q" value="${q}" placeholder="Search patterns, e.g. retry" />
    <button type="submit">Search</button>
  </form>`;
}

function money(amount: { amount: number; currency: string }): string {
  return new Intl.NumberFormat('en', { style: 'currency', currency: amount.currency }).format(amount.amount);
}

function pricingText(pricing: Pricing | undefined) {
  if (!pricing || pricing.model === 'open-source')
    return html`<p>Open source: free to use under its license.</p>`;
  switch (pricing.model) {
    case 'freemium':
      return html`<p>Freemium: free core; premium ${money(pricing.premiumPrice)} per ${pricing.interval}.</p>
        ${pricing.freeFeatures.length ? html`<p class="muted">Free: ${pricing.freeFeatures.join(', ')}</p>` : ''}
        ${pricing.premiumFeatures.length ? html`<p class="muted">Premium: ${pricing.premiumFeatures.join(', ')}</p>` : ''}`;
    case 'subscription':
      return html`<p>Subscription: ${money(pricing.price)} per ${pricing.interval}${pricing.trialDays ? `, ${pricing.trialDays}-day trial` : ''}.</p>`;
    case 'enterprise':
      return html`<p>Enterprise: ${pricing.startingPrice ? `from ${money(pricing.startingPrice)}, ` : ''}contact ${pricing.contact}.</p>`;
  }
}

/** The seed's detail page: the tiers side by side (price, support, SLA, features). */
function tiersTable(tiers: NonNullable<Listing['tiers']>) {
  const price = (tier: (typeof tiers)[number]) => {
    if (tier.model === 'free') return 'Free';
    if (!tier.price) return 'Contact us';
    const amount = money(tier.price);
    if (tier.model === 'subscription') return `${amount} per ${tier.period ?? 'month'}`;
    if (tier.model === 'one-time') return `${amount} once`;
    return `From ${amount}`;
  };
  const sla = (tier: (typeof tiers)[number]) =>
    [
      tier.sla?.uptimePercent === undefined ? '' : `${tier.sla.uptimePercent}% uptime`,
      tier.sla?.responseTimeHours === undefined ? '' : `response within ${tier.sla.responseTimeHours} h`,
      tier.sla?.securityPatchDays === undefined
        ? ''
        : `security fixes within ${tier.sla.securityPatchDays} days`,
    ]
      .filter(Boolean)
      .join(', ') || '–';
  return html`<table class="tiers"><caption class="sr-only">Pricing tiers</caption>
    <thead><tr><th scope="col">Tier</th><th scope="col">Price</th><th scope="col">Support</th><th scope="col">SLA</th><th scope="col">Includes</th></tr></thead>
    <tbody>${tiers.map(
      (tier) =>
        html`<tr><th scope="row">${tier.name}</th><td>${price(tier)}${tier.model === 'contact' && tier.contact ? html`<br><span class="muted">${tier.contact}</span>` : ''}</td><td>${tier.support}</td><td>${sla(tier)}</td><td>${tier.features.join(', ') || '–'}</td></tr>`,
    )}</tbody></table>`;
}

const FACTOR_LABELS: Record<string, string> = {
  codeQuality: 'Code quality',
  testCoverage: 'Test coverage',
  performance: 'Performance',
  userRatings: 'User ratings',
  adoptionRate: 'Adoption rate',
  retentionRate: 'Retention rate',
  publisherTrackRecord: 'Publisher track record',
  supportResponsiveness: 'Support responsiveness',
  bugFrequency: 'Bug frequency',
  breakingChanges: 'Breaking changes',
  updateFrequency: 'Update frequency',
};

function detailPage(
  pattern: PatternDocument,
  listing: Listing,
  reviews: ReviewList | undefined,
  reputation: PatternReputation | undefined,
  listings: readonly Listing[],
) {
  const ratings = reputation?.ratings as
    | { count: number; mean?: number | null; distribution?: Record<string, number> }
    | undefined;
  const breakdown = (
    reputation?.reputation as
      | {
          breakdown?: Record<
            string,
            { raw: number | null; weight: number; contribution: number; source?: string }
          >;
        }
      | undefined
  )?.breakdown;
  const selfAsserted = [
    ...(reputation?.certification.selfAsserted ?? []),
    ...(reputation?.reputation.selfAsserted ?? []),
  ];
  const family = lineage([...listings.filter((other) => other.id !== listing.id), listing], pattern.id);
  const meta = listing.metadata;
  return layout(
    `${listing.name} · Pollinate`,
    html`<nav aria-label="Breadcrumb" class="muted"><a href="/">Home</a> › <a href="/publishers/${encodeURIComponent(listing.publisher.id)}">${listing.publisher.name}</a> › ${listing.name}</nav>
      <h1>${listing.name} <span class="muted version">v${listing.version}</span></h1>
      ${meta?.tagline ? html`<p class="lead">${meta.tagline}</p>` : ''}
      <div class="columns detail">
        <div>
          <section aria-labelledby="about"><h2 id="about">About</h2>
            <p>${listing.description}</p>
            <p class="muted">Category ${listing.category} · license ${listing.license} · tags ${listing.tags.join(', ') || '–'}</p>
            ${meta?.whenToUse.length ? html`<h3>When to use</h3><ul>${meta.whenToUse.map((item) => html`<li>${item}</li>`)}</ul>` : ''}
            ${meta?.whenNotToUse.length ? html`<h3>When not to use</h3><ul>${meta.whenNotToUse.map((item) => html`<li>${item}</li>`)}</ul>` : ''}
          </section>
          <section aria-labelledby="pricing"><h2 id="pricing">Pricing</h2>${listing.tiers ? tiersTable(listing.tiers) : pricingText(listing.pricing)}</section>
          <section aria-labelledby="versions"><h2 id="versions">Versions</h2>
            <table><caption class="sr-only">Published versions, newest first</caption>
              <thead><tr><th scope="col">Version</th><th scope="col">Published</th><th scope="col">Dist-tags</th></tr></thead>
              <tbody>${[...pattern.versions].reverse().map(
                (version) =>
                  html`<tr><td>${version.version}</td><td>${version.publishedAt.slice(0, 10)}</td><td>${Object.entries(
                    pattern.distTags,
                  )
                    .filter(([, v]) => v === version.version)
                    .map(([tag]) => tag)
                    .join(', ')}</td></tr>`,
              )}</tbody>
            </table>
          </section>
          <section aria-labelledby="reviews"><h2 id="reviews">Reviews</h2>
            ${
              reviews?.structure && reviews.structure.structured > 0
                ? html`<dl class="review-summary" data-review-summary>
                    ${reviews.structure.topPros.length ? html`<dt>Top pros</dt><dd>${reviews.structure.topPros.map((p) => `${p.text} (${p.count})`).join(' · ')}</dd>` : ''}
                    ${reviews.structure.topCons.length ? html`<dt>Top cons</dt><dd>${reviews.structure.topCons.map((p) => `${p.text} (${p.count})`).join(' · ')}</dd>` : ''}
                    ${reviews.structure.integrationEffort.median ? html`<dt>Median integration effort</dt><dd>${reviews.structure.integrationEffort.median} (${reviews.structure.integrationEffort.answered} answers)</dd>` : ''}
                  </dl>`
                : ''
            }
            ${
              reviews?.reviews.length
                ? html`<ul class="reviews">${reviews.reviews.map(
                    ({
                      review,
                      reply,
                    }) => html`<li><p><strong>${'★'.repeat(review.rating)}${'☆'.repeat(5 - review.rating)}</strong>
                      <span class="sr-only">${review.rating} of 5 stars</span> ${review.title}</p>
                    ${review.body ? html`<p>${review.body}</p>` : ''}
                    ${review.pros?.length ? html`<p><span class="muted">Pros:</span> ${review.pros.join(' · ')}</p>` : ''}
                    ${review.cons?.length ? html`<p><span class="muted">Cons:</span> ${review.cons.join(' · ')}</p>` : ''}
                    ${review.useCase ? html`<p><span class="muted">Use case:</span> ${review.useCase}</p>` : ''}
                    ${
                      review.integrationEffort ||
                      review.performanceImpact ||
                      review.wouldRecommend !== undefined
                        ? html`<p class="muted small">${[
                            review.integrationEffort ? `integration: ${review.integrationEffort}` : '',
                            review.performanceImpact ? `performance: ${review.performanceImpact}` : '',
                            review.wouldRecommend === undefined
                              ? ''
                              : review.wouldRecommend
                                ? 'would recommend'
                                : 'would not recommend',
                          ]
                            .filter(Boolean)
                            .join(' · ')}</p>`
                        : ''
                    }
                    <p class="muted">${review.reviewer} · ${review.createdAt.slice(0, 10)}${review.verifiedAdoption ? ' · verified adoption' : ''}</p>
                    ${reply ? html`<blockquote class="reply" data-reply><p class="muted small">Reply from ${reply.publisher} · ${reply.createdAt.slice(0, 10)}</p><p>${reply.body}</p></blockquote>` : ''}</li>`,
                  )}</ul>`
                : html`<p class="muted">No reviews yet.</p>`
            }
            <p class="muted small">Reviews that screening flagged (review bombing, self-promotion, duplicates) are not shown and do not count.</p>
          </section>
          <section aria-labelledby="lineage"><h2 id="lineage">Lineage</h2>
            ${
              family.ancestors.length || family.descendants.length
                ? html`<ul>
                  ${family.ancestors.map(
                    (ancestor) =>
                      html`<li>Forked from ${ancestor.known ? html`<a href="${patternPath(ancestor.id)}">${ancestor.id}</a>` : ancestor.id}@${ancestor.version}${ancestor.depth > 1 ? ` (${ancestor.depth} generations up)` : ''}</li>`,
                  )}
                  ${family.descendants.map(
                    (descendant) =>
                      html`<li>Fork: <a href="${patternPath(descendant.id)}">${descendant.id}</a> (from ${descendant.parent}@${descendant.forkedFromVersion})</li>`,
                  )}
                </ul>`
                : html`<p class="muted">An original pattern: not forked from another, no forks yet.</p>`
            }
          </section>
        </div>
        <aside>
          <pollinate-pattern-card registry="/" pattern="${pattern.id}"></pollinate-pattern-card>
          <section aria-labelledby="reputation"><h2 id="reputation">Reputation</h2>
            ${
              reputation
                ? html`<p><strong>${Math.round(reputation.reputation.overall)}</strong>/100 · ${reputation.reputation.trustLevel} · certification ${reputation.certification.level ?? 'none'}</p>
                  <pollinate-rating-chart distribution="${JSON.stringify(ratings?.distribution ?? {})}" ${raw(typeof ratings?.mean === 'number' ? `mean="${ratings.mean}"` : '')} label="Ratings of ${listing.name}"></pollinate-rating-chart>
                  ${
                    breakdown
                      ? html`<table><caption>Reputation breakdown</caption>
                        <thead><tr><th scope="col">Factor</th><th scope="col">Signal</th><th scope="col">Asserted by</th><th scope="col">Weight</th><th scope="col">Points</th></tr></thead>
                        <tbody>${Object.entries(breakdown)
                          .filter(([, factor]) => factor.raw !== null)
                          .map(
                            ([name, factor]) =>
                              html`<tr><td>${FACTOR_LABELS[name] ?? name}</td><td>${Number(factor.raw?.toFixed(2))}</td><td>${factor.source === 'self' ? 'publisher (self-asserted)' : (factor.source ?? '')}</td><td>${Math.round(factor.weight * 100)}%</td><td>${factor.contribution.toFixed(1)}</td></tr>`,
                          )}</tbody></table>`
                      : ''
                  }
                  ${reputation.certification.missing.length ? html`<p class="muted small">Next certification level needs: ${reputation.certification.missing.join(', ')}</p>` : ''}
                  ${selfAsserted.length ? html`<p class="muted small" data-self-asserted>Self-asserted evidence (the publisher's word, not verified by the registry or an auditor; it earns no badge and bronze certification at most): ${[...new Set(selfAsserted)].join(', ')}</p>` : ''}`
                : html`<p class="muted">No reputation yet.</p>`
            }
          </section>
          <section aria-labelledby="related"><h2 id="related">Teams that adopted this also use</h2>
            <pollinate-recommendations registry="/" team="guest" adopted="${pattern.id}" limit="3" item-href="/patterns/{id}"></pollinate-recommendations>
          </section>
        </aside>
      </div>`,
  );
}

function publisherPage({ publisher, dashboard }: PublisherReputation) {
  // The client types the dashboard as an open object; the registry serves reputation's shape.
  const board = dashboard as Partial<PublisherDashboard>;
  const totals = board.totals;
  return layout(
    `${publisher} · Pollinate publisher`,
    html`<nav aria-label="Breadcrumb" class="muted"><a href="/">Home</a> › ${publisher}</nav>
      <h1>Publisher dashboard: ${publisher}</h1>
      <dl class="stats">
        ${stat('Patterns', totals?.patterns ?? 0)} ${stat('Versions', totals?.versions ?? 0)}
        ${stat('Downloads', totals?.downloads ?? 0)} ${stat('Active installs', totals?.activeInstalls ?? 0)}
        ${stat('Reviews', totals?.reviews ?? 0)} ${stat('Flagged reviews', totals?.flaggedReviews ?? 0)}
      </dl>
      <section aria-labelledby="ratings"><h2 id="ratings">Ratings over all patterns</h2>
        <pollinate-rating-chart distribution="${JSON.stringify(board.averageRating?.distribution ?? {})}" ${raw(typeof board.averageRating?.mean === 'number' ? `mean="${board.averageRating.mean}"` : '')} label="Ratings of ${publisher}'s patterns"></pollinate-rating-chart>
      </section>
      <section aria-labelledby="patterns"><h2 id="patterns">Patterns</h2>
        <table><caption class="sr-only">Every pattern of ${publisher}</caption>
          <thead><tr><th scope="col">Pattern</th><th scope="col">Latest</th><th scope="col">Downloads</th><th scope="col">Active installs</th><th scope="col">Retention</th><th scope="col">Rating</th><th scope="col">Reviews (flagged)</th></tr></thead>
          <tbody>${(board.patterns ?? []).map(
            (
              row,
            ) => html`<tr><td><a href="${patternPath(row.id)}">${row.name}</a></td><td>${row.latestVersion}</td><td>${row.downloads}</td><td>${row.activeInstalls}</td>
              <td>${row.retentionRate === null ? '–' : `${Math.round(row.retentionRate * 100)}%`}</td>
              <td>${typeof row.rating.mean === 'number' ? `${row.rating.mean.toFixed(1)} (${row.rating.count})` : '–'}</td><td>${row.reviews} (${row.flaggedReviews})</td></tr>`,
          )}</tbody>
        </table>
      </section>`,
  );
}

function notFound(message: string) {
  return layout(
    message,
    html`<h1>${message}</h1><p><a href="/">Back to the marketplace</a> or ${searchForm('')}</p>`,
  );
}

const STYLES = `
:root{color-scheme:light;--pollinate-color-accent:#0b5cad}
*{box-sizing:border-box}
body{margin:0;font-family:system-ui,sans-serif;color:#1f2933;background:#f5f7fa;line-height:1.5}
header{background:#102a43;color:#fff;padding:.6rem 1.5rem;display:flex;gap:1.5rem;align-items:center}
header a{color:#fff;text-decoration:none;font-weight:600}
main{max-width:72rem;margin:0 auto;padding:1.5rem}
a{color:#0b5cad}
h1{margin:.2rem 0 .5rem;font-size:1.9rem}
h2{font-size:1.25rem;margin:1.5rem 0 .5rem}
.lead{font-size:1.15rem;margin:.2rem 0 1rem}
.muted{color:#52606d}
.small{font-size:.875rem}
.version{font-size:1rem;font-weight:400}
.search{display:flex;gap:.5rem;max-width:36rem}
.search input{flex:1;padding:.5rem .7rem;font:inherit;border:1px solid #9aa5b1;border-radius:6px}
button{font:inherit;padding:.45rem .9rem;border-radius:6px;border:1px solid #0b5cad;background:#0b5cad;color:#fff;cursor:pointer}
.stats{display:flex;flex-wrap:wrap;gap:1rem;margin:1.2rem 0;padding:0}
.stats div{background:#fff;border:1px solid #cbd2d9;border-radius:6px;padding:.6rem 1rem;min-width:8rem}
.stats dt{font-size:.85rem;color:#52606d}.stats dd{margin:0;font-size:1.5rem;font-weight:600}
.columns{display:grid;grid-template-columns:repeat(auto-fit,minmax(20rem,1fr));gap:2rem}
.detail{grid-template-columns:minmax(0,3fr) minmax(18rem,2fr)}
@media (max-width:50rem){.detail{grid-template-columns:1fr}}
ol.plain{padding-left:1.2rem}ol.plain li{margin:.3rem 0}
table{border-collapse:collapse;width:100%;background:#fff;margin:.5rem 0}
th,td{text-align:left;padding:.3rem .5rem;border-bottom:1px solid #e4e7eb;font-size:.92rem}
caption{text-align:left;font-weight:600;padding:.3rem 0}
ul.reviews{list-style:none;padding:0}ul.reviews li{background:#fff;border:1px solid #e4e7eb;border-radius:6px;padding:.5rem .8rem;margin:.5rem 0}
ul.reviews p{margin:.2rem 0}blockquote.reply{margin:.4rem 0 .2rem 1rem;padding-left:.6rem;border-left:3px solid #e4e7eb}dl.review-summary dt{font-weight:600}dl.review-summary dd{margin:0 0 .4rem 0}
.sr-only{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
:focus-visible{outline:3px solid #0b5cad;outline-offset:2px}
pollinate-pattern-card,pollinate-rating-chart{margin:.5rem 0}
`;

function layout(title: string, body: Page | ReturnType<typeof html>) {
  return html`<!doctype html>
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <link rel="icon" href="data:," />
        <title>${title}</title>
        <style>
          ${raw(STYLES)}
        </style>
        <script type="module" src="/assets/pollinate-elements.js"></script>
      </head>
      <body>
        <header><a href="/">Pollinate</a><a href="/search">Search</a><a href="/api/v1/openapi.json">API</a></header>
        <main>${body}</main>
      </body>
    </html>`;
}
