// The shared prelude of every doc example (see README.md here): the few variables that
// examples use without declaring them, as globals with real values. An example that
// declares a variable of the same name shadows the global. Values are real: listings parsed
// by core, a network document built by crdt-network, a client of a real registry on loopback.
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { RegistryClient } from '@pollinate/client';
import { createRegistryClient } from '@pollinate/client';
import { resolveInstall } from '@pollinate/client/install';
import type { CatalogLinkReport, DependencyNodeInput, SecurityFinding, Team } from '@pollinate/core';
import {
  type AdoptionEvent,
  type Contribution,
  forkListing,
  type Listing,
  type PatternPackage,
  parseListing,
  parsePatternPackage,
  parseReview,
  proposeImprovement,
  type Review,
  validateCatalogLinks,
} from '@pollinate/core';
import type { LibraryImportResult } from '@pollinate/core/import';
import { importMarkdownLibrary } from '@pollinate/core/import';
import { toTurtle } from '@pollinate/core/rdf';
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
import type { RegistryStore } from '@pollinate/registry-store';
import { sampleVersion } from '@pollinate/registry-store/testing';
import {
  type ReputationScore,
  type ReputationSignals,
  type ReviewerAccount,
  scoreReputation,
  type TrustEdge,
} from '@pollinate/reputation';

import {
  createIndex,
  packWordVectors,
  type RankerModel,
  type RankingSession,
  type SearchIndex,
  search,
  serializeIndex,
  serializeRanker,
  sessionFromSearch,
  trainRanker,
  unpackWordVectors,
  type WordVectorTable,
} from '@pollinate/search';
import { englishWordVectors } from '@pollinate/search/word-vectors';
import {
  openSqliteStore,
  type RunningRegistry,
  samplePackage,
  startRegistry,
} from '../../examples/registry-server/src/index.js';
import { migration as baseMigration } from '../../examples/registry-server/test/fixtures/migration.js';

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
  /** The deployment's Ed25519 key pair for `doc`'s network: its pseudonym is `pseudonym`, and it signed `contribution`. */
  var keys: NetworkKeyPair;
  /** A client of a real registry on loopback, with a token of publisher `acme`. */
  var client: RegistryClient;
  /** Something caught: a ValidationError from core. */
  var error: unknown;
  /** A catalog of listings (the same as `listings`). */
  var catalog: Listing[];
  /** The next version of `pkg` (1.3.0), and of `listing`. */
  var nextPkg: PatternPackage;
  var newVersionOfListing: Listing;
  /** An anonymized migration record of `keys.pseudonym` not yet in `doc`, and a batch of two more. */
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
  var downloadCompactedNetwork: () => Promise<Uint8Array>;
  /** A ranker serialized (`serializeRanker(model)`), and an improvement proposal as JSON text. */
  var rankerJson: string;
  var proposalJson: string;
  /** Waits `ms` milliseconds; `again()` retries the last call (a no-op here). */
  var sleep: (ms: number) => Promise<void>;
  var again: () => void;
  /** A host app's reactions: ask for consent, rotate the pseudonym salt, drop a peer. */
  var showConsentDialog: () => void;
  var rotatePseudonymSalt: () => void;
  var dropPeer: (peer?: string) => void;
  /** A security scanner a host app brings: finds AWS access keys in a package's files. */
  var findSecrets: (pkg: PatternPackage) => SecurityFinding[];
  /** The link report of `listings` (`validateCatalogLinks`), its coverage, and the library's page paths. */
  var report: CatalogLinkReport;
  var coverage: CatalogLinkReport['coverage'];
  var knownPaths: string[];
  /** Security findings of `pkg` (one AWS access key). */
  var findings: SecurityFinding[];
  /** The root of a dependency resolution: `acme/app@1.0.0`, which needs `acme/retry-with-backoff ^1.2.0`. */
  var root: DependencyNodeInput;
  /** A package.json of an npm package of patterns. */
  var packageJson: unknown;
  /** What `importMarkdownLibrary(files)` skipped. */
  var skipped: LibraryImportResult['skipped'];
  /** `acme/circuit-breaker@1.3.0` (in `listings`), and a fork of `listing` (`payments/retry-with-backoff`). */
  var circuitBreaker: Listing;
  var fork: Listing;
  /** A publication time (ISO 8601). */
  var publishedAt: string;
  /** An HTTP request carrying `pkg` as JSON. */
  var request: Request;
  /** A backup of another replica of `doc`'s network, as bytes. */
  var backupBytes: Uint8Array;
  /** Anonymized migration records of `keys.pseudonym` not yet in `doc` (the same as `batch`). */
  var anonymizedRecords: Contribution[];
  /** Answers the current HTTP request (a no-op here). */
  var respondWith: (status: number, body: string) => void;
  /** The network id of `doc` (`pollinate`), a peer's id, and a sync state per peer. */
  var networkId: string;
  var peerId: string;
  var peer: string;
  var state: SyncState;
  var stateFor: (peer: string) => SyncState;
  /** A first sync message from a peer, and a transport that sends bytes to one. */
  var bytesFromPeer: Uint8Array;
  var transport: { send(message: Uint8Array): Promise<void> };
  /** The URL of the current registry's network sync endpoint. */
  var url: string;
  /** A key-value storage of the host app (in memory here). */
  var storage: {
    get(key: string): Promise<Uint8Array | undefined>;
    put(key: string, value: Uint8Array): Promise<void>;
  };
  /** Search sessions (what a team saw, what it adopted): for training, and held out for evaluation. */
  var sessions: RankingSession[];
  var trainSessions: RankingSession[];
  var heldOut: RankingSession[];
  /** A ranker trained on `sessions`, and `index` serialized (`serializeIndex`). */
  var model: RankerModel;
  var cached: string;
  /** A small word-vector table (a few English words). */
  var table: WordVectorTable;
  /** A raw migration record (the same as `rawMigrationRecord`) and a network's secret salt. */
  var raw: RawMigration;
  var salt: string;
  var networkSalt: string;
  /** The address of the current registry, and a token of its publisher `acme`. */
  var baseUrl: string;
  var token: string;
  /** A registry store (SQLite in memory) holding `acme/retry-with-backoff@1.2.0`. */
  var store: RegistryStore;
  /** A client-side router of a web app. */
  var router: { go(path: string): void };
}

const NOW = '2026-11-21T09:00:00.000Z';
const TOKEN = 'acme-token-0123456789';
const PATTERN_IDS = ['acme/retry-with-backoff', 'acme/circuit-breaker', 'acme/bulkhead'] as const;
let registry: RunningRegistry | undefined;
let registryStore: RegistryStore | undefined;
let originalFetch: typeof fetch | undefined;

const smallTable = unpackWordVectors(
  packWordVectors(englishWordVectors(), ['retry', 'backoff', 'timeout', 'failure', 'throttle', 'limit']),
);

function migration(id: string, contributor: string): Contribution {
  return baseMigration(id, {
    contributor,
    resourceTypes: ['EC2', 'RDS'],
    steps: [{ action: 'migrate database', durationSeconds: 3600, success: true }],
    durationHours: 5,
    costSavingsPercent: 12,
    contributedAt: NOW,
  });
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
  globalThis.keys = alpha;
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
  globalThis.anonymized = migration('m-0004', alpha.pseudonym);
  globalThis.batch = [migration('m-0005', alpha.pseudonym), migration('m-0006', alpha.pseudonym)];
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
  globalThis.downloadCompactedNetwork = globalThis.fetchCompactedNetwork;
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
  globalThis.knownPaths = globalThis.files.map((file) => file.path);
  globalThis.report = validateCatalogLinks(globalThis.listings, { knownPaths: globalThis.knownPaths });
  globalThis.coverage = globalThis.report.coverage;
  globalThis.findings = [
    { severity: 'high', rule: 'aws-access-key', message: 'an AWS access key', location: 'src/config.ts' },
    { severity: 'low', rule: 'todo', message: 'TODO left in source', location: 'src/retry.ts' },
  ];
  globalThis.root = {
    id: 'acme/app',
    version: '1.0.0',
    dependencies: { 'acme/retry-with-backoff': '^1.2.0' },
  };
  globalThis.packageJson = {
    name: '@acme/patterns-retry',
    version: '1.2.0',
    description: 'Retries a failed call with growing delays.',
    license: 'MIT',
    keywords: ['resilience', 'retry'],
    dependencies: { '@acme/patterns-backoff': '^2.0.0', lodash: '^4.17.21' },
  };
  globalThis.skipped = importMarkdownLibrary(
    [...globalThis.files, { path: 'README.md', text: '# Our patterns\n\nHow to use this library.\n' }],
    { publishedAt: NOW },
  ).skipped;
  globalThis.circuitBreaker = globalThis.listings[1] as Listing;
  globalThis.publishedAt = NOW;
  globalThis.fork = forkListing(globalThis.listing, {
    id: 'payments/retry-with-backoff',
    publisher: { id: 'payments', name: 'Payments' },
    publishedAt: NOW,
  });
  globalThis.request = new Request('http://127.0.0.1:4873/api/v1/patterns', {
    method: 'POST',
    body: JSON.stringify(samplePackage(ids[0] as string, '1.2.0')),
  });
  globalThis.backupBytes = save(
    contributeMany(createNetwork({ networkId: 'pollinate' }), [migration('m-0007', alpha.pseudonym)], {
      consent: true,
      signer: alpha,
    }),
  );
  globalThis.anonymizedRecords = globalThis.batch;
  globalThis.respondWith = () => undefined;
  globalThis.networkId = 'pollinate';
  globalThis.peerId = 'peer-1';
  globalThis.peer = 'peer-1';
  globalThis.state = initSyncState();
  globalThis.stateFor = () => initSyncState();
  globalThis.bytesFromPeer = globalThis.message;
  globalThis.transport = { send: async () => undefined };
  globalThis.url = `${registry?.url ?? 'http://127.0.0.1:4873'}/api/v1/network/sync`;
  const stored = new Map<string, Uint8Array>();
  globalThis.storage = {
    get: async (key) => stored.get(key),
    put: async (key, value) => void stored.set(key, value),
  };
  const result = search(globalThis.index, { text: 'retry', explain: true, limit: 20 });
  globalThis.sessions = [
    sessionFromSearch(result, ['acme/retry-with-backoff']),
    sessionFromSearch(search(globalThis.index, { text: 'failure', explain: true, limit: 20 }), [
      'acme/circuit-breaker',
    ]),
  ];
  globalThis.trainSessions = globalThis.sessions;
  globalThis.heldOut = [sessionFromSearch(result, ['acme/retry-with-backoff'])];
  globalThis.model = trainRanker(globalThis.sessions, { seed: 1 });
  globalThis.cached = serializeIndex(globalThis.index);
  globalThis.rankerJson = serializeRanker(globalThis.model);
  globalThis.proposalJson = JSON.stringify(
    proposeImprovement(globalThis.fork, globalThis.listing, {
      title: 'Jittered backoff',
      changes: [{ kind: 'performance', summary: 'Add full jitter to retries', location: 'src/retry.ts' }],
    }),
  );
  globalThis.table = smallTable;
  globalThis.raw = globalThis.rawMigrationRecord;
  globalThis.salt = 'the-network-salt-0123456789';
  globalThis.networkSalt = globalThis.salt;
  globalThis.baseUrl = registry?.url ?? 'http://127.0.0.1:4873';
  globalThis.router = { go: () => undefined };
  globalThis.token = TOKEN;
}

let originalDirectory: string | undefined;
let workingDirectory: string | undefined;

/**
 * Examples read and write a user's files by relative path (`catalog.ttl`, `index.json`,
 * `network.automerge`, `pollinate-lock.json`, a Markdown pattern library under `patterns/`
 * and `resilience/`, the repository's `examples/catalog`): they run in a fresh temporary
 * directory that holds those files.
 */
async function enterWorkingDirectory(): Promise<void> {
  workingDirectory = mkdtempSync(join(tmpdir(), 'pollinate-doc-examples-'));
  const write = (file: string, content: string | Uint8Array) => {
    mkdirSync(dirname(join(workingDirectory as string, file)), { recursive: true });
    writeFileSync(join(workingDirectory as string, file), content);
  };
  const circuitBreaker =
    '---\ntitle: Circuit Breaker\ncategory: resilience\n---\n\n# Circuit Breaker\n\nStops calling a failing service for a while.\n';
  for (const root of ['', 'patterns/']) {
    write(`${root}resilience/circuit-breaker.md`, circuitBreaker);
    for (const file of globalThis.files) write(`${root}${file.path}`, file.text);
  }
  // The repository's sample catalog (`examples/catalog`), which folder examples read.
  mkdirSync(join(workingDirectory, 'examples'));
  symlinkSync(
    fileURLToPath(new URL('../../examples/catalog', import.meta.url)),
    join(workingDirectory, 'examples/catalog'),
  );
  write('patterns/README.md', '# Our patterns\n\nHow to use this library.\n');
  write('catalog.ttl', toTurtle(globalThis.listings));
  write('index.json', serializeIndex(globalThis.index));
  write('network.automerge', save(globalThis.doc));
  const plan = await resolveInstall(globalThis.client, { 'acme/circuit-breaker': '^1' });
  write('pollinate-lock.json', JSON.stringify(plan.lockfile, null, 2));
  originalDirectory = process.cwd();
  process.chdir(workingDirectory);
}

/**
 * Sets the globals, starts the registry the `client` talks to, and makes a temporary
 * directory of the user's files the working directory.
 */
export async function setUpPrelude(): Promise<void> {
  resetGlobals();
  await resetRegistry();
  await enterWorkingDirectory();
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
    tokens: `acme:${TOKEN}`,
    synchronous: 'normal',
  });
  globalThis.client = createRegistryClient({ baseUrl: registry.url, token: TOKEN });
  const packages = [
    samplePackage(PATTERN_IDS[0], '1.1.0'),
    ...globalThis.listings.slice(1).map((l) => samplePackage(l.id, l.version)),
  ];
  for (const p of packages) await globalThis.client.publish(parsePatternPackage(p));
  await globalThis.client.contribute(globalThis.contribution, { consent: true });
  globalThis.baseUrl = registry.url;
  globalThis.url = `${registry.url}/api/v1/network/sync`;
  await registryStore?.close();
  registryStore = openSqliteStore(':memory:');
  await registryStore.putVersion(sampleVersion(PATTERN_IDS[0], '1.2.0'), { distTag: 'latest' });
  globalThis.store = registryStore;
}

/** Stops the registry and restores `fetch`. */
export async function tearDownPrelude(): Promise<void> {
  if (originalFetch) globalThis.fetch = originalFetch;
  if (originalDirectory) process.chdir(originalDirectory);
  if (workingDirectory) rmSync(workingDirectory, { recursive: true, force: true });
  await registry?.close();
  await registryStore?.close();
}
