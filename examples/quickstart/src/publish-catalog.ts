// Publishes pattern packages through @pollinate/client, oldest first, at their own
// publication instants on the simulated clock, and collects what the quality gates refused.
// A version whose dependencies the registry cannot resolve yet is retried after the others.

import { isRegistryError, isRegistryValidationError, type RegistryClient } from '@pollinate/client';
import type { PatternPackage } from '@pollinate/core';
import semver from 'semver';
import type { SimulatedClock } from './clock.js';

/** One published version. */
export interface PublishedVersion {
  id: string;
  version: string;
  /** Quality score of the gates, 0–100. */
  score: number;
  fingerprint: string;
}

/** One version the registry refused, with each failed gate's message. */
export interface RefusedVersion {
  id: string;
  version: string;
  /** HTTP status of the refusal (422 for quality gates). */
  status: number;
  code: string;
  reasons: string[];
}

/** What {@link publishCatalog} did. */
export interface PublishSummary {
  attempted: number;
  published: PublishedVersion[];
  refused: RefusedVersion[];
}

/** Options of {@link publishCatalog}. */
export interface PublishCatalogOptions {
  /** A client with the publisher's token. */
  clientFor: (publisher: string) => RegistryClient;
  /** The registry's clock: set to each package's `publishedAt` before publishing it. */
  clock: SimulatedClock;
  /** Latest instant a version may be published at (later `publishedAt` values are clamped to it). */
  notAfter: string;
  /** Called after each attempt. */
  onProgress?: (done: number, total: number, label: string) => void;
}

/** The order to publish in: by `publishedAt`, then id, then semver (so versions go up). */
export function publishOrder(packages: readonly PatternPackage[]): PatternPackage[] {
  return [...packages].sort(
    (a, b) =>
      a.listing.publishedAt.localeCompare(b.listing.publishedAt) ||
      a.listing.id.localeCompare(b.listing.id) ||
      semver.compare(a.listing.version, b.listing.version),
  );
}

/**
 * Publishes every package; refusals are collected, any other failure is thrown. The registry
 * refuses a version whose dependencies it does not have yet (`E_UNRESOLVABLE_DEPENDENCIES`), and
 * the catalog's dates do not always put dependencies first: such versions are tried again after
 * each pass that published something, until a pass publishes nothing.
 */
export async function publishCatalog(
  packages: readonly PatternPackage[],
  options: PublishCatalogOptions,
): Promise<PublishSummary> {
  const ordered = publishOrder(packages);
  const summary: PublishSummary = { attempted: ordered.length, published: [], refused: [] };
  const notAfter = Date.parse(options.notAfter);
  let last = Number.NEGATIVE_INFINITY;
  let done = 0;
  // The registry refuses a version whose dependencies it cannot resolve yet (a dependency dated
  // later in the catalog); such versions are retried once more has been published.
  let deferred: { pkg: PatternPackage; refusal: RefusedVersion }[] = [];
  const attempt = async (pkg: PatternPackage): Promise<RefusedVersion | undefined> => {
    const { id, version, publisher } = pkg.listing;
    try {
      const result = await options.clientFor(publisher.id).publish(pkg);
      summary.published.push({ id, version, score: result.report.score, fingerprint: result.fingerprint });
      return undefined;
    } catch (error) {
      if (isRegistryValidationError(error) || (isRegistryError(error) && error.status === 409)) {
        const reasons =
          isRegistryValidationError(error) && error.issues.length > 0
            ? error.issues.map((issue) => issue.message)
            : [error.problem?.detail ?? error.message];
        return { id, version, status: error.status, code: error.code, reasons };
      }
      throw error;
    }
  };
  for (const pkg of ordered) {
    const { id, version } = pkg.listing;
    // Time only moves forward: clamp to [previous publish, notAfter].
    const when = Math.min(notAfter, Math.max(last, Date.parse(pkg.listing.publishedAt)));
    options.clock.set(new Date(when));
    last = when;
    const refusal = await attempt(pkg);
    if (refusal?.code === 'E_UNRESOLVABLE_DEPENDENCIES') deferred.push({ pkg, refusal });
    else {
      if (refusal) summary.refused.push(refusal);
      done += 1;
      options.onProgress?.(done, ordered.length, `${id}@${version}`);
    }
  }
  while (deferred.length > 0) {
    const still: typeof deferred = [];
    for (const entry of deferred) {
      const refusal = await attempt(entry.pkg);
      if (refusal?.code === 'E_UNRESOLVABLE_DEPENDENCIES') still.push({ pkg: entry.pkg, refusal });
      else {
        if (refusal) summary.refused.push(refusal);
        done += 1;
        options.onProgress?.(done, ordered.length, `${entry.pkg.listing.id}@${entry.pkg.listing.version}`);
      }
    }
    if (still.length === deferred.length) {
      for (const entry of still) summary.refused.push(entry.refusal);
      options.onProgress?.(ordered.length, ordered.length, '');
      break;
    }
    deferred = still;
  }
  return summary;
}
