import {
  type PatternReputation,
  type PublisherReputation,
  type ReviewList,
  type ReviewResult,
  ReviewSubmissionSchema,
} from '@pollinate/client';
import { checkPublishable, type Listing, type Review, ReviewSchema, TeamIdSchema } from '@pollinate/core';
import {
  aggregateRatings,
  certify,
  publisherDashboard,
  type ReviewerAccount,
  scoreReputation,
  screenReviews,
} from '@pollinate/reputation';
import { Hono } from 'hono';
import semver from 'semver';
import type { Catalog } from '../catalog.js';
import {
  parseParams,
  patternIdFromPath,
  type RegistryEnv,
  type RegistryServices,
  readJsonBody,
  requirePublisher,
} from '../context.js';
import { idempotencyKeyOf } from '../middleware/idempotency-key.js';
import { HttpProblem } from '../problem.js';
import type { StoredReview } from '../store.js';

const DAY_MS = 86_400_000;

/**
 * Routes for trust: `POST`/`GET /patterns/{scope}/{name}/reviews` (screened on arrival by
 * the reputation package), `GET /patterns/{scope}/{name}/reputation` and
 * `GET /publishers/{publisher}/reputation`.
 *
 * @param services - store, clock, ids
 * @param catalog - the latest listings
 * @returns a Hono sub-app to mount under `/api/v1`
 */
export function reviewRoutes(services: RegistryServices, catalog: Catalog): Hono<RegistryEnv> {
  const app = new Hono<RegistryEnv>();
  const { store } = services;

  app.post('/patterns/:scope/:name/reviews', async (c) => {
    const reviewer = requirePublisher(c);
    const idempotencyKey = idempotencyKeyOf(c);
    const patternId = patternIdFromPath(c);
    const submission = await readJsonBody(c, ReviewSubmissionSchema, 'review');
    const pattern = await store.getPattern(patternId);
    if (!pattern) throw new HttpProblem(404, 'E_NOT_FOUND', `no pattern ${patternId}`);
    if (submission.version && !pattern.versions.some((v) => v.version === submission.version)) {
      throw new HttpProblem(404, 'E_NOT_FOUND', `${patternId} has no version ${submission.version}`);
    }
    const id = submission.id ?? idempotencyKey ?? services.randomId();
    const all = await store.listReviews();
    const existing = all.find((stored) => stored.review.id === id);
    if (existing) {
      if (existing.review.reviewer === reviewer && existing.review.patternId === patternId) {
        return c.json(existing satisfies ReviewResult, 200);
      }
      throw new HttpProblem(409, 'E_REVIEW_EXISTS', `a review with id ${id} already exists`);
    }
    const events = await store.listAdoptionEvents({ team: reviewer, patternId });
    const review: Review = ReviewSchema.parse({
      id,
      patternId,
      ...(submission.version ? { version: submission.version } : {}),
      reviewer,
      reviewerTeam: reviewer,
      rating: submission.rating,
      ...(submission.aspects ? { aspects: submission.aspects } : {}),
      title: submission.title ?? '',
      body: submission.body ?? '',
      ...(submission.wouldRecommend === undefined ? {} : { wouldRecommend: submission.wouldRecommend }),
      verifiedAdoption: events.some((event) => event.type === 'install'),
      createdAt: services.now().toISOString(),
    });
    const ofPattern = all
      .filter((stored) => stored.review.patternId === patternId)
      .map((stored) => stored.review);
    const screening = screenReviews([...ofPattern, review], {
      accounts: accountsOf(all.map((stored) => stored.review).concat(review)),
      affiliatedTeams: { [pattern.publisher]: [pattern.publisher] },
    });
    const flagged = screening.flagged.find((entry) => entry.review.id === review.id);
    const stored: StoredReview = flagged
      ? { review, status: 'flagged', reasons: [...flagged.reasons] }
      : { review, status: 'accepted', reasons: [] };
    if ((await store.putReview(stored)) === 'exists') {
      throw new HttpProblem(409, 'E_REVIEW_EXISTS', `a review with id ${id} already exists`);
    }
    return c.json(stored satisfies ReviewResult, 201);
  });

  app.get('/patterns/:scope/:name/reviews', async (c) => {
    const patternId = patternIdFromPath(c);
    if (!(await store.getPattern(patternId)))
      throw new HttpProblem(404, 'E_NOT_FOUND', `no pattern ${patternId}`);
    const includeFlagged = c.req.query('include') === 'flagged';
    const reviews = await store.listReviews(
      includeFlagged ? { patternId } : { patternId, status: 'accepted' },
    );
    const accepted = reviews.filter((stored) => stored.status === 'accepted').map((stored) => stored.review);
    const body: ReviewList = {
      id: patternId,
      reviews,
      ratings: { ...aggregateRatings(accepted, { now: services.now() }) },
    };
    return c.json(body);
  });

  app.get('/patterns/:scope/:name/reputation', async (c) => {
    const patternId = patternIdFromPath(c);
    const pattern = await store.getPattern(patternId);
    const latestVersion = pattern?.distTags.latest ?? pattern?.versions.at(-1)?.version;
    const latest = latestVersion ? await store.getVersion(patternId, latestVersion) : undefined;
    if (!pattern || !latest) throw new HttpProblem(404, 'E_NOT_FOUND', `no pattern ${patternId}`);
    const now = services.now();
    const pkg = latest.package;
    const reviews = await store.listReviews({ patternId, status: 'accepted' });
    const ratings = aggregateRatings(
      reviews.map((stored) => stored.review),
      { now },
    );
    const events = await store.listAdoptionEvents({ patternId });
    const recent = (days: number) => (at: string) => now.getTime() - Date.parse(at) <= days * DAY_MS;
    const lastYear = pattern.versions.filter((v) => recent(365)(v.publishedAt));
    const installers = new Map<string, string>();
    for (const event of events) if (event.type !== 'download') installers.set(event.team, event.type);
    const installedTeams = [...installers.values()];
    const quality = checkPublishable(pkg);
    const securityClean =
      pkg.security !== undefined &&
      !pkg.security.findings.some(
        (finding) => finding.severity === 'high' || finding.severity === 'critical',
      );
    const reputation = scoreReputation({
      codeQuality: quality.score,
      ...(pkg.tests?.coveragePercent === undefined ? {} : { testCoverage: pkg.tests.coveragePercent }),
      ...(ratings.count > 0 ? { userRatings: Math.max(1, ratings.lowerBound) } : {}),
      adoptionRate: events.filter((event) => event.type !== 'uninstall' && recent(30)(event.at)).length,
      ...(installedTeams.length > 0
        ? {
            retentionRate: installedTeams.filter((type) => type === 'install').length / installedTeams.length,
          }
        : {}),
      breakingChanges: lastYear.filter(
        (v, index) =>
          index > 0 && semver.major(v.version) > semver.major(lastYear[index - 1]?.version ?? v.version),
      ).length,
      updateFrequency: lastYear.length,
      securityAudited: securityClean,
    });
    const gate = (id: string) => quality.gates.find((g) => g.id === id)?.passed === true;
    const certification = certify({
      basicTests: gate('tests-present') && gate('tests-passing'),
      documentation: gate('readme-quick-start') && gate('api-reference'),
      comprehensiveTests: (pkg.tests?.coveragePercent ?? 0) >= 80,
      benchmarks: pkg.benchmarks.length > 0,
      securityScan: securityClean,
      productionProven: installedTeams.filter((type) => type === 'install').length >= 3,
      slaGuarantee: pkg.support.sla !== undefined,
      dedicatedSupport: pkg.listing.support === 'premium' || pkg.listing.support === 'enterprise',
    });
    const body: PatternReputation = {
      id: patternId,
      reputation: { ...reputation },
      certification: { ...certification },
      ratings: { ...ratings },
    };
    return c.json(body);
  });

  app.get('/publishers/:publisher/reputation', async (c) => {
    const publisher = parseParams(TeamIdSchema, c.req.param('publisher'), 'publisher');
    const latest = (await catalog.listings()).filter((listing) => listing.publisher.id === publisher);
    if (latest.length === 0)
      throw new HttpProblem(404, 'E_NOT_FOUND', `publisher ${publisher} has no patterns`);
    const listings: Listing[] = [];
    for (const listing of latest) {
      const pattern = await store.getPattern(listing.id);
      for (const summary of pattern?.versions ?? []) {
        const version = await store.getVersion(listing.id, summary.version);
        if (version) listings.push(version.package.listing);
      }
    }
    const ids = new Set(latest.map((listing) => listing.id));
    const reviews = (await store.listReviews()).filter((stored) => ids.has(stored.review.patternId));
    const events = (await store.listAdoptionEvents()).filter((event) => ids.has(event.patternId));
    const dashboard = publisherDashboard(
      publisher,
      listings,
      reviews.map((stored) => stored.review),
      events,
    );
    const body: PublisherReputation = { publisher, dashboard: { ...dashboard } };
    return c.json(body);
  });

  return app;
}

function accountsOf(reviews: readonly Review[]): Record<string, ReviewerAccount> {
  const accounts: Record<string, ReviewerAccount> = Object.create(null);
  for (const review of reviews) {
    const account = accounts[review.reviewer] ?? { reviewCount: 0 };
    account.reviewCount = (account.reviewCount ?? 0) + 1;
    if (review.reviewerTeam) account.team = review.reviewerTeam;
    accounts[review.reviewer] = account;
  }
  return { ...accounts };
}
