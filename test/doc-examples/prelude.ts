// The shared prelude of every doc example (see README.md here): the few variables that
// examples use without declaring them, as globals with real values. An example that
// declares a variable of the same name shadows the global. Values are real: listings parsed
// by core, a network document built by crdt-network, a client of a real registry on loopback.
import type { RegistryClient } from '@pollinate/client';
import { createRegistryClient } from '@pollinate/client';
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
import { contributeMany, createNetwork, type NetworkDoc } from '@pollinate/crdt-network';

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
  /** A client of a real registry on loopback, with a token of publisher `acme`. */
  var client: RegistryClient;
  /** Something caught: a ValidationError from core. */
  var error: unknown;
}

const NOW = '2026-11-21T09:00:00.000Z';
let registry: RunningRegistry | undefined;

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

/** Sets the globals; starts the registry the `client` talks to. */
export async function setUpPrelude(): Promise<void> {
  const ids = ['acme/retry-with-backoff', 'acme/circuit-breaker', 'acme/bulkhead'];
  const packages = ids.map((id, i) => parsePatternPackage(samplePackage(id, `1.${i + 2}.0`)));
  const first = packages[0] as PatternPackage;
  globalThis.pkg = first;
  globalThis.listing = first.listing;
  globalThis.listings = packages.map((p) => p.listing);
  globalThis.text = JSON.stringify(samplePackage(ids[0] as string, '1.2.0').listing);
  globalThis.json = JSON.parse(globalThis.text);
  globalThis.body = JSON.parse(globalThis.text);
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
  globalThis.contribution = migration('m-0001', 'k3J9x_pQ2vLm');
  globalThis.pseudonym = 'k3J9x_pQ2vLm';
  globalThis.doc = contributeMany(
    createNetwork({ networkId: 'doc-examples' }),
    [globalThis.contribution, migration('m-0002', 'p7Qw2_zzX9aa'), migration('m-0003', 'r5Tt8_mmN1bb')],
    { consent: true },
  );
  globalThis.error = (() => {
    try {
      parseListing({ id: 'Not Valid' });
    } catch (caught) {
      return caught;
    }
  })();
  registry = await startRegistry({
    db: ':memory:',
    tokens: 'acme:acme-token-0123456789',
    synchronous: 'normal',
  });
  globalThis.client = createRegistryClient({ baseUrl: registry.url, token: 'acme-token-0123456789' });
  for (const p of packages) await globalThis.client.publish(p);
}

/** Stops the registry. */
export async function tearDownPrelude(): Promise<void> {
  await registry?.close();
}
