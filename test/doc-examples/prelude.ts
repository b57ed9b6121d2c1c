// The shared prelude of every doc example (see README.md here): the few variables that
// examples use without declaring them, as globals with real values. An example that
// declares a variable of the same name shadows the global. Values are real: listings parsed
// by core, a network document built by crdt-network, a client of a real registry on loopback.
import type { RegistryClient } from '@pollinate/client';
import { createRegistryClient } from '@pollinate/client';
import type { SecurityFinding, Team } from '@pollinate/core';
import {
  type AdoptionEvent,
  type Contribution,
  type Listing,
  type PatternPackage,
  parseListing,
  parsePatternPackage,
  parseReview,
  type Review,
} from '@pollinate/core';
import {
  compact,
  contributeMany,
  createNetwork,
  deriveKeyPair,
  generateSyncMessage,
  initSyncState,
  listPatterns,
  type NetworkDoc,
  type NetworkKeyPair,
  type PatternSummary,
  type SyncState,
  type SyncTransport,
  save,
} from '@pollinate/crdt-network';
import type { RawMigration } from '@pollinate/crdt-network/anonymize';
import {
  type ReputationScore,
  type ReputationSignals,
  type ReviewerAccount,
  scoreReputation,
  type TrustEdge,
} from '@pollinate/reputation';

import { createIndex, type SearchIndex } from '@pollinate/search';
import {
  type RunningRegistry,
  samplePackage,
  startRegistry,
} from '../../examples/registry-server/src/index.js';

declare global {
  /** A listing as JSON text (what a file or a request body holds). */
  var text: string;
  /** The same listing, parsed from JSON (not yet validated). */
  var json: unknown;
  /** A listing as parsed JSON that is not in `listings` yet (`acme/timeout`). */
  var body: unknown;
  var input: unknown;
  /** A parsed listing: `acme/retry-with-backoff@1.2.0`. */
  var listing: Listing;
  /** A small catalog of parsed listings (including `listing`). */
  var listings: Listing[];
  /** A search index over `listings`. */
  var index: SearchIndex;
  /** A pattern package of `listing`. */
  var pkg: PatternPackage;
  /** Reviews of `acme/retry-with-backoff`. */
  var reviews: Review[];
  /** Adoption events of the catalog. */
  var events: AdoptionEvent[];
  /** One anonymized migration record. */
  var contribution: Contribution;
  /** A network replica holding a few contributions (reassignable: `doc = contribute(doc, …)`). */
  var doc: NetworkDoc;
  /** The pseudonym of one contributor in `doc`. */
  var pseudonym: string;
  /** The Ed25519 key pair of `pseudonym` (it signed `contribution`). */
  var signer: NetworkKeyPair;
  /** A client of a real registry on loopback, with a token of publisher `acme`. */
  var client: RegistryClient;
  /** Something caught: a ValidationError from core. */
  var error: unknown;
  /** A catalog of listings (the same as `listings`). */
  var catalog: Listing[];
  /** The next version of `pkg` (1.3.0), and of `listing`. */
  var nextPkg: PatternPackage;
  var newVersionOfListing: Listing;
  /** An anonymized migration record not yet in `doc`, and a batch of two more. */
  var anonymized: Contribution;
  var batch: Contribution[];
  /** The user's settings: they opted in to sharing. */
  var settings: { shareWithNetwork: boolean };
  /** A raw migration record as a deployment holds it (identifiers and all), and the deployment's secret salt. */
  var rawMigrationRecord: RawMigration;
  var deploymentSecret: string;
  /** A first sync message of a new replica of the registry's network (`pollinate`). */
  var message: Uint8Array;
  /** A sync state for a peer. */
  var peerState: SyncState;
  /** The pattern summaries of `doc`. */
  var summaries: PatternSummary[];
  /** Reviewer accounts and teams that review screening reads. */
  var accounts: Record<string, ReviewerAccount>;
  var teams: Team[];
  /** Endorsements between reviewers, and the pre-trusted ones. */
  var edges: TrustEdge[];
  var pretrusted: string[];
  /** Shows something to the user (prints it). */
  var show: (...values: unknown[]) => void;
  /** A pattern id (`acme/retry-with-backoff`), a file path and the bytes of `doc`. */
  var id: string;
  var path: string;
  var bytes: Uint8Array;
  /** Markdown files of a pattern library: `{ path, text }`. */
  var files: { path: string; text: string }[];
  /** A migration record (the same as `contribution`). */
  var record: Contribution;
  /** Reputation signals and their score. */
  var signals: ReputationSignals;
  var score: ReputationScore;
  /** A sync state, and a transport to the current registry's network (peer `doc-examples`). */
  var syncState: SyncState;
  var send: SyncTransport;
  /** The bytes of a compacted copy of `doc` (what a peer on a newer epoch would hand out). */
  var fetchCompactedNetwork: () => Promise<Uint8Array>;
  var downloadCompacted: () => Promise<Uint8Array>;
  /** Waits `ms` milliseconds; `again()` retries the last call (a no-op here). */
  var sleep: (ms: number) => Promise<void>;
  var again: () => void;
  /** A host app's reactions: ask for consent, rotate the pseudonym salt, drop a peer. */
  var showConsentDialog: () => void;
  var rotatePseudonymSalt: () => void;
  var dropPeer: (peer?: string) => void;
  /** A security scanner a host app brings: finds AWS access keys in a package's files. */
  var findSecrets: (pkg: PatternPackage) => SecurityFinding[];
}

const NOW = '2026-11-21T09:00:00.000Z';
const PATTERN_IDS = ['acme/retry-with-backoff', 'acme/circuit-breaker', 'acme/bulkhead'] as const;
let registry: RunningRegistry | undefined;
let originalFetch: typeof fetch | undefined;

function migration(id: string, contributor: string): Contribution {
  return {
    id,
    contributor,
    sourceCloud: 'aws',
    targetCloud: 'gcp',
    strategy: 'replatform',
    resourceTypes: ['EC2', 'RDS'],
    steps: [{ action: 'migrate database', durationSeconds: 3600, success: true }],
    success: true,
    durationHours: 5,
    costSavingsPercent: 12,
    contributedAt: NOW,
  };
}

/** Sets every global to a fresh value (before each example, so no example sees another's changes). */
export function resetGlobals(): void {
  const ids = PATTERN_IDS;
  const packages = ids.map((id, i) => parsePatternPackage(samplePackage(id, `1.${i + 2}.0`)));
  const first = packages[0] as PatternPackage;
  globalThis.pkg = first;
  globalThis.listing = first.listing;
  globalThis.listings = packages.map((p) => p.listing);
  globalThis.text = JSON.stringify(samplePackage(ids[0] as string, '1.2.0').listing);
  globalThis.json = JSON.parse(globalThis.text);
  // A listing not in `listings` yet (what a request to add one carries).
  globalThis.body = { ...JSON.parse(globalThis.text), id: 'acme/timeout', name: 'Timeout' };
  globalThis.input = JSON.parse(globalThis.text);
  globalThis.index = createIndex(globalThis.listings);
  globalThis.reviews = [5, 4, 5, 3].map((rating, i) =>
    parseReview({
      id: `review-${i}`,
      patternId: ids[0],
      reviewer: `user-${i}`,
      wouldRecommend: rating >= 4,
      rating,
      title: 'Works',
      body: 'Cut our error rate.',
      createdAt: NOW,
    }),
  );
  globalThis.events = ids.flatMap((id, i) =>
    Array.from({ length: 3 - i }, (_, n) => ({
      patternId: id,
      team: `team-${n}`,
      type: 'install' as const,
      at: NOW,
    })),
  );
  // Three deployments, each signing its records with its own Ed25519 key (pseudonym = public key).
  const signers = ['alpha', 'bravo', 'charlie'].map((name) =>
    deriveKeyPair(new Uint8Array(32).fill(7), name),
  );
  const [alpha, bravo, charlie] = signers as [NetworkKeyPair, NetworkKeyPair, NetworkKeyPair];
  globalThis.signer = alpha;
  globalThis.contribution = migration('m-0001', alpha.pseudonym);
  globalThis.pseudonym = alpha.pseudonym;
  globalThis.doc = contributeMany(
    createNetwork({ networkId: 'pollinate' }),
    [globalThis.contribution, migration('m-0002', bravo.pseudonym), migration('m-0003', charlie.pseudonym)],
    { consent: true, signer: signers },
  );
  globalThis.error = (() => {
    try {
      parseListing({ id: 'Not Valid' });
    } catch (caught) {
      return caught;
    }
  })();
  globalThis.catalog = globalThis.listings;
  globalThis.nextPkg = parsePatternPackage(samplePackage(ids[0] as string, '1.3.0'));
  globalThis.newVersionOfListing = globalThis.nextPkg.listing;
  globalThis.anonymized = migration('m-0004', 'k3J9x_pQ2vLm');
  globalThis.batch = [migration('m-0005', 'p7Qw2_zzX9aa'), migration('m-0006', 'r5Tt8_mmN1bb')];
  globalThis.settings = { shareWithNetwork: true };
  globalThis.rawMigrationRecord = {
    deploymentId: 'acme-prod-eu',
    migrationId: 'MIG-0042',
    customer: { name: 'Acme Corp', contactEmails: ['ops@acme.example'] },
    sourceCloud: 'aws',
    targetCloud: 'gcp',
    strategy: 'replatform',
    resourceTypes: ['Amazon RDS', 'EC2'],
    steps: [{ action: 'schema-conversion', durationSeconds: 3725, success: true }],
    success: true,
    startedAt: '2026-11-20T08:00:00Z',
    finishedAt: '2026-11-20T13:00:00Z',
    costSavingsPercent: 12,
  };
  globalThis.deploymentSecret = 'a-long-random-secret-of-this-deployment';
  globalThis.message = generateSyncMessage(createNetwork({ networkId: 'pollinate' }), initSyncState())
    .message as Uint8Array;
  globalThis.peerState = initSyncState();
  globalThis.summaries = listPatterns(globalThis.doc, { minContributors: 1 });
  globalThis.accounts = {
    'user-0': { createdAt: '2025-01-10T08:00:00Z', reviewCount: 12, team: 'payments' },
  } as Record<string, ReviewerAccount>;
  globalThis.teams = [];
  globalThis.edges = [
    { from: 'alice', to: 'bob', weight: 1 },
    { from: 'bob', to: 'carol', weight: 2 },
  ] as TrustEdge[];
  globalThis.pretrusted = ['alice'];
  globalThis.show = (...values) => console.log(...values);
  globalThis.id = PATTERN_IDS[0];
  globalThis.path = 'resilience/retry-with-backoff.md';
  globalThis.bytes = save(globalThis.doc);
  globalThis.files = [
    {
      path: 'resilience/retry-with-backoff.md',
      text: '---\ntitle: Retry with Backoff\ncategory: resilience\n---\n\n# Retry with Backoff\n\nRetries a failed call with growing delays.\n',
    },
    {
      path: 'resilience/timeout.md',
      text: '---\ntitle: Timeout\n---\n\n# Timeout\n\nBounds how long a caller waits.\n',
    },
  ];
  globalThis.record = globalThis.contribution;
  globalThis.signals = { testCoverage: 92, userRatings: 4.3, adoptionRate: 12_000, updateFrequency: 6 };
  globalThis.score = scoreReputation(globalThis.signals);
  globalThis.syncState = initSyncState();
  globalThis.send = (bytes) => globalThis.client.sync(bytes, { peerId: 'doc-examples' });
  globalThis.fetchCompactedNetwork = async () => save(compact(globalThis.doc));
  globalThis.downloadCompacted = globalThis.fetchCompactedNetwork;
  globalThis.sleep = (ms) => new Promise((resolve) => setTimeout(resolve, Math.min(ms, 10)));
  globalThis.again = () => undefined;
  globalThis.showConsentDialog = () => undefined;
  globalThis.rotatePseudonymSalt = () => undefined;
  globalThis.dropPeer = () => undefined;
  globalThis.findSecrets = (p) =>
    p.files
      .filter((file) => /AKIA[0-9A-Z]{16}/.test(file.content))
      .map((file) => ({
        severity: 'critical',
        rule: 'aws-access-key',
        message: 'an AWS access key',
        location: file.path,
      }));
}

/**
 * Sets the globals and starts the registry the `client` talks to.
 */
export async function setUpPrelude(): Promise<void> {
  resetGlobals();
  await resetRegistry();
  // Examples name the registry's default address (`http://127.0.0.1:4873`); their requests go
  // to the current registry instead, whatever port it got.
  const realFetch = globalThis.fetch;
  originalFetch = realFetch;
  globalThis.fetch = (resource, init) => {
    const url = resource instanceof Request ? resource.url : String(resource);
    const rewritten = registry
      ? url.replace(/^http:\/\/(127\.0\.0\.1|localhost):4873(?=\/|$)/, registry.url)
      : url;
    if (rewritten === url) return realFetch(resource, init);
    return realFetch(resource instanceof Request ? new Request(rewritten, resource) : rewritten, init);
  };
}

/**
 * A fresh registry (in memory) for the next example that uses one: it holds
 * `acme/retry-with-backoff@1.1.0`, `acme/circuit-breaker@1.3.0` and `acme/bulkhead@1.4.0`;
 * `pkg` (1.2.0) and `nextPkg` (1.3.0) are not published yet. `client` talks to it.
 */
export async function resetRegistry(): Promise<void> {
  await registry?.close();
  registry = await startRegistry({
    db: ':memory:',
    tokens: 'acme:acme-token-0123456789',
    synchronous: 'normal',
  });
  globalThis.client = createRegistryClient({ baseUrl: registry.url, token: 'acme-token-0123456789' });
  const packages = [
    samplePackage(PATTERN_IDS[0], '1.1.0'),
    ...globalThis.listings.slice(1).map((l) => samplePackage(l.id, l.version)),
  ];
  for (const p of packages) await globalThis.client.publish(parsePatternPackage(p));
}

/** Stops the registry and restores `fetch`. */
export async function tearDownPrelude(): Promise<void> {
  if (originalFetch) globalThis.fetch = originalFetch;
  await registry?.close();
}
