import {
  type PatternReputation,
  type PublisherReputation,
  type ReviewList,
  type ReviewResult,
  ReviewSubmissionSchema,
} from '@pollinate/client';
import {
  attestationPublicKey,
  checkPublishable,
  type Review,
  ReviewSchema,
  TeamIdSchema,
  verifyAttestation,
} from '@pollinate/core';
import {
  aggregateRatings,
  aggregateReviewStructure,
  attestedEvidence,
  certify,
  type PatternAdoptionFigures,
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
import { createResponseBodyCache } from '../response-cache.js';
import { type NotificationInput, type StoredReview, withCurrentFigures } from '../store.js';

const DAY_MS = 86_400_000;

/**
 * How many of a pattern's most recent reviews a new review is screened against: the work of
 * a review submission is bounded however many reviews the pattern has. Bursts (a 24-hour
 * window), rating consensus (the median) and near-duplicate text are judged on these.
 */
export const SCREENING_WINDOW = 500;

/**
 * Routes for trust: `POST`/`GET /patterns/{scope}/{name}/reviews` (screened on arrival by
 * the reputation package), `GET /patterns/{scope}/{name}/reputation` and
 * `GET /publishers/{publisher}/reputation`.
 *
 * @param services - store, clock, ids
 * @param catalog - the latest listings
 * @returns a Hono sub-app to mount under `/api/v1`
 */
export function reviewRoutes(
  services: RegistryServices,
  catalog: Catalog,
  options: { cacheEntries: number; attestationKey?: Uint8Array } = { cacheEntries: 1000 },
): Hono<RegistryEnv> {
  const app = new Hono<RegistryEnv>();
  const { store } = services;
  const attestationKey = options.attestationKey ? attestationPublicKey(options.attestationKey) : undefined;
  // Publisher dashboards are reused until the next change any instance makes.
  const dashboards = createResponseBodyCache(options.cacheEntries);
  catalog.onChange(() => dashboards.clear());

  app.post('/patterns/:scope/:name/reviews', async (c) => {
    const reviewer = requirePublisher(c);
    const idempotencyKey = idempotencyKeyOf(c);
    const patternId = patternIdFromPath(c);
    const submission = await readJsonBody(c, ReviewSubmissionSchema, 'review');
    // The reads a review needs: the pattern, and in one store call the pattern's latest
    // reviews, the reviewer's install of it and the accounts of the reviewers (kept on
    // write) — never every review in the registry. A retried id is recognized when its write
    // finds the id taken (ids are unique in the store, so on any instance).
    // A pattern this instance's catalog holds exists and keeps its publisher: no store read
    // for it unless the review names a version (or the catalog has not heard of it yet).
    const known = submission.version ? undefined : catalog.peek(patternId);
    const [pattern, inputs] = await Promise.all([
      // The publisher of a pattern is its scope (publishing checks the token's scope).
      known
        ? { publisher: patternId.slice(0, patternId.indexOf('/')), versions: [] }
        : store.getPattern(patternId),
      store.reviewScreeningInputs({ patternId, reviewer, latest: SCREENING_WINDOW }),
    ]);
    if (!pattern) throw new HttpProblem(404, 'E_NOT_FOUND', `no pattern ${patternId}`);
    if (submission.version && !pattern.versions.some((v) => v.version === submission.version)) {
      throw new HttpProblem(404, 'E_NOT_FOUND', `${patternId} has no version ${submission.version}`);
    }
    const id = submission.id ?? idempotencyKey ?? services.randomId();
    const retried = inputs.reviews.find((stored) => stored.review.id === id);
    if (retried) {
      if (retried.review.reviewer === reviewer) return c.json(retried satisfies ReviewResult, 200);
      throw new HttpProblem(409, 'E_REVIEW_EXISTS', `a review with id ${id} already exists`);
    }
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
      ...(submission.pros ? { pros: submission.pros } : {}),
      ...(submission.cons ? { cons: submission.cons } : {}),
      ...(submission.useCase === undefined ? {} : { useCase: submission.useCase }),
      ...(submission.performanceImpact ? { performanceImpact: submission.performanceImpact } : {}),
      ...(submission.integrationEffort ? { integrationEffort: submission.integrationEffort } : {}),
      verifiedAdoption: inputs.installed,
      createdAt: services.now().toISOString(),
    });
    const ofPattern = inputs.reviews.map((stored) => stored.review);
    const screening = screenReviews([...ofPattern, review], {
      accounts: accountsWith(inputs.accounts, review),
      affiliatedTeams: { [pattern.publisher]: [pattern.publisher] },
    });
    const flagged = screening.flagged.find((entry) => entry.review.id === review.id);
    const stored: StoredReview = flagged
      ? { review, status: 'flagged', reasons: [...flagged.reasons] }
      : { review, status: 'accepted', reasons: [] };
    // The pattern's publisher hears of a review by anyone else (feed and webhook), stored in
    // the same transaction as the review.
    const notification: NotificationInput | undefined =
      reviewer === pattern.publisher
        ? undefined
        : {
            publisher: pattern.publisher,
            kind: 'review',
            patternId,
            actor: reviewer,
            createdAt: review.createdAt,
            data: { reviewId: review.id, rating: review.rating, status: stored.status },
          };
    if ((await store.putReview(stored, notification ? { notification } : {})) === 'exists') {
      // Another request (maybe on another instance) stored this id first.
      const winner = await store.getReview(id);
      if (winner && winner.review.reviewer === reviewer && winner.review.patternId === patternId) {
        return c.json(winner satisfies ReviewResult, 200);
      }
      throw new HttpProblem(409, 'E_REVIEW_EXISTS', `a review with id ${id} already exists`);
    }
    // Read-your-writes: the store told this instance's catalog before putReview resolved
    // (the rating of the search document and the cache generation moved with it).
    return c.json(stored satisfies ReviewResult, 201);
  });

  app.get('/patterns/:scope/:name/reviews', async (c) => {
    const patternId = patternIdFromPath(c);
    if (!(await store.getPattern(patternId)))
      throw new HttpProblem(404, 'E_NOT_FOUND', `no pattern ${patternId}`);
    const includeFlagged = c.req.query('include') === 'flagged';
    // Reviews a moderator rejected are hidden from everyone but moderators.
    const reviews = (
      await store.listReviews(includeFlagged ? { patternId } : { patternId, status: 'accepted' })
    ).filter((stored) => stored.status !== 'rejected');
    const accepted = reviews.filter((stored) => stored.status === 'accepted').map((stored) => stored.review);
    const replies = await store.listReviewReplies(reviews.map((stored) => stored.review.id));
    const body: ReviewList = {
      id: patternId,
      reviews: reviews.map((stored) => {
        const reply = replies.get(stored.review.id);
        return reply ? { ...stored, reply } : stored;
      }),
      ratings: { ...aggregateRatings(accepted, { now: services.now() }) },
      structure: { ...aggregateReviewStructure(accepted) },
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
    // Adoption figures kept on write, plus two index range counts for the last 30 days.
    const nowMs = now.getTime();
    const month = { patternId, afterMs: nowMs - 30 * DAY_MS, throughMs: nowMs };
    const [stats, recentInstalls, recentDownloads] = await Promise.all([
      store.patternStats(patternId),
      store.countAdoptionEvents({ type: 'install', ...month }),
      store.countAdoptionEvents({ type: 'download', ...month }),
    ]);
    const recent = (days: number) => (at: string) => nowMs - Date.parse(at) <= days * DAY_MS;
    const lastYear = pattern.versions.filter((v) => recent(365)(v.publishedAt));
    const activeTeams = stats?.activeInstalls ?? 0;
    const installedTeamCount = activeTeams + (stats?.uninstalledTeams ?? 0);
    const quality = checkPublishable(pkg);
    // Auditors' attestations of this version, each checked against the registry's own key and
    // the version's content fingerprint (an attestation of other content counts for nothing).
    const attested = attestationKey
      ? (await store.listAttestations(patternId, latest.version)).flatMap((record) => {
          const verified = verifyAttestation(record.signed, attestationKey);
          return verified.valid &&
            (verified.attestation.fingerprint === undefined ||
              verified.attestation.fingerprint === latest.fingerprint)
            ? [verified.attestation]
            : [];
        })
      : [];
    const auditorCoverage = attested
      .filter((a) => a.evidence.testCoverage !== undefined)
      .sort((a, b) => Date.parse(a.issuedAt) - Date.parse(b.issuedAt))
      .at(-1)?.evidence.testCoverage;
    const auditedEvidence = attestedEvidence(attested);
    const auditorSecurity = auditedEvidence.securityScan;
    const securityClean =
      pkg.security !== undefined &&
      !pkg.security.findings.some(
        (finding) => finding.severity === 'high' || finding.severity === 'critical',
      );
    // Provenance: what the manifest declares (coverage, benchmarks, the security report, the
    // support promise) is the publisher's word; gates the registry ran on the package,
    // reviews it screened and adoption it counted are the registry's. Self-asserted tests,
    // benchmarks and security earn no badge and bronze certification at most.
    const reputation = scoreReputation({
      codeQuality: quality.score,
      ...(auditorCoverage !== undefined
        ? { testCoverage: auditorCoverage }
        : pkg.tests?.coveragePercent === undefined
          ? {}
          : { testCoverage: pkg.tests.coveragePercent }),
      ...(ratings.count > 0 ? { userRatings: Math.max(1, ratings.lowerBound) } : {}),
      adoptionRate: recentInstalls + recentDownloads,
      ...(installedTeamCount > 0 ? { retentionRate: activeTeams / installedTeamCount } : {}),
      breakingChanges: lastYear.filter(
        (v, index) =>
          index > 0 && semver.major(v.version) > semver.major(lastYear[index - 1]?.version ?? v.version),
      ).length,
      updateFrequency: lastYear.length,
      securityAudited:
        typeof auditorSecurity === 'object' && auditorSecurity !== null
          ? auditorSecurity.value
          : securityClean,
      sources: {
        codeQuality: 'registry',
        testCoverage: auditorCoverage !== undefined ? 'auditor' : 'self',
        userRatings: 'registry',
        adoptionRate: 'registry',
        retentionRate: 'registry',
        breakingChanges: 'registry',
        updateFrequency: 'registry',
        securityAudited: typeof auditorSecurity === 'object' && auditorSecurity !== null ? 'auditor' : 'self',
      },
    });
    const gate = (id: string) => quality.gates.find((g) => g.id === id)?.passed === true;
    const self = (value: boolean) => ({ value, source: 'self' as const });
    const measured = (value: boolean) => ({ value, source: 'registry' as const });
    const certification = certify({
      // The registry ran these gates, but on test results the manifest declares.
      basicTests: self(gate('tests-present') && gate('tests-passing')),
      documentation: measured(gate('readme-quick-start') && gate('api-reference')),
      comprehensiveTests: self((pkg.tests?.coveragePercent ?? 0) >= 80),
      benchmarks: self(pkg.benchmarks.length > 0),
      securityScan: self(securityClean),
      productionProven: measured(activeTeams >= 3),
      slaGuarantee: self(pkg.support.sla !== undefined),
      dedicatedSupport: self(pkg.listing.support === 'premium' || pkg.listing.support === 'enterprise'),
      // An auditor's word replaces the publisher's for what it attests (true or false).
      ...auditedEvidence,
    });
    const body: PatternReputation = {
      id: patternId,
      reputation: { ...reputation },
      certification: { ...certification },
      ratings: { ...ratings },
      reviewStructure: { ...aggregateReviewStructure(reviews.map((stored) => stored.review)) },
      attestations: attested.length,
    };
    return c.json(body);
  });

  app.get('/publishers/:publisher/reputation', async (c) => {
    const publisher = parseParams(TeamIdSchema, c.req.param('publisher'), 'publisher');
    const cacheKey = `${catalog.generation}:${publisher}`;
    const hit = dashboards.get(cacheKey);
    if (hit) return c.body(hit.body, 200, { 'content-type': 'application/json', etag: hit.etag });
    const latest = await catalog.listingsOf(publisher);
    if (latest.length === 0)
      throw new HttpProblem(404, 'E_NOT_FOUND', `publisher ${publisher} has no patterns`);
    const ids = latest.map((listing) => listing.id);
    // Every version's listing, this publisher's reviews, and adoption figures kept on write
    // (instead of replaying every adoption event of the registry).
    const [versions, reviews, stats] = await Promise.all([
      Promise.all(
        latest.map(async (current) => {
          const pattern = await store.getPattern(current.id);
          const older = await Promise.all(
            (pattern?.versions ?? [])
              .filter((summary) => summary.version !== current.version)
              .map((summary) => store.getVersion(current.id, summary.version)),
          );
          return [current, ...older.flatMap((version) => (version ? [version.package.listing] : []))];
        }),
      ),
      store.listReviews({ patternIds: ids }),
      Promise.all(ids.map((id) => store.patternStats(id))),
    ]);
    const adoption: Record<string, PatternAdoptionFigures> = {};
    for (const [i, id] of ids.entries()) {
      const figures = stats[i];
      adoption[id] = {
        events: {
          install: figures?.installs ?? 0,
          uninstall: figures?.uninstalls ?? 0,
          download: figures?.downloads ?? 0,
        },
        activeTeams: figures?.activeInstalls ?? 0,
        installers: (figures?.activeInstalls ?? 0) + (figures?.uninstalledTeams ?? 0),
      };
    }
    // Every version's listing carries the pattern's current figures (the store keeps them per
    // pattern), so the dashboard's downloads and active installs are the registry's counters
    // whichever version it takes as the latest, never a published listing's own numbers.
    const current = versions.flatMap((list, i) =>
      list.map((listing) => withCurrentFigures(listing, stats[i])),
    );
    const dashboard = publisherDashboard(
      publisher,
      current,
      reviews.map((stored) => stored.review),
      [],
      { adoption },
    );
    const body: PublisherReputation = { publisher, dashboard: { ...dashboard } };
    const cached = dashboards.put(cacheKey, body);
    return c.body(cached.body, 200, { 'content-type': 'application/json', etag: cached.etag });
  });

  return app;
}

/** The screening accounts of the stored reviewers, with the new review counted on its reviewer's account. */
function accountsWith(
  stored: ReadonlyMap<string, { reviewCount: number; team?: string }>,
  review: Review,
): Record<string, ReviewerAccount> {
  const accounts: Record<string, ReviewerAccount> = Object.create(null);
  for (const [reviewer, account] of stored) {
    accounts[reviewer] = {
      reviewCount: account.reviewCount,
      ...(account.team ? { team: account.team } : {}),
    };
  }
  const own = accounts[review.reviewer] ?? { reviewCount: 0 };
  own.reviewCount = (own.reviewCount ?? 0) + 1;
  if (review.reviewerTeam) own.team = review.reviewerTeam;
  accounts[review.reviewer] = own;
  return { ...accounts };
}
