import * as Automerge from '@automerge/automerge';
import { compareStrings, parseWith } from '@pollinate/core/helpers';
import {
  type Contribution,
  type MigrationStrategy,
  MigrationStrategySchema,
  type SourceCloud,
  SourceCloudSchema,
  type TargetCloud,
  TargetCloudSchema,
  ValidationError,
} from '@pollinate/core/model';
import * as z from 'zod';
import { erasureDigest } from './digests.js';
import { asAutomerge, type NetworkDoc, type NetworkState, readHeader } from './document.js';
import { readRecord } from './records.js';

/** Per-step aggregate of one pattern: how often a step (by its `action`) ran and how it went. */
export interface StepSummary {
  /** The step's action, as contributed (for example `export snapshot`). */
  action: string;
  /** How many times the step ran across the pattern's contributions (integer ≥ 1). */
  count: number;
  /** How many of those runs succeeded (integer, 0…`count`). */
  successes: number;
  /** `successes / count`, 0…1. */
  successRate: number;
  /** Arithmetic mean of the runs' `durationSeconds`, seconds (≥ 0). */
  meanDurationSeconds: number;
  /** Arithmetic mean of the step's 0-based position in its migration; steps are listed by it. */
  meanPosition: number;
}

/**
 * One migration pattern: the surviving contributions that share a source cloud, target
 * cloud, strategy and set of resource types, with exact aggregates computed from those
 * records (so they are right after any merge, in any order of delivery).
 */
export interface PatternSummary {
  /**
   * Stable key of the group: `source:target:strategy:` + the sorted, distinct resource
   * types joined with `|` (for example `aws:gcp:replatform:EC2|RDS`).
   */
  key: string;
  /** Where the migrations started. */
  sourceCloud: SourceCloud;
  /** Where they went. */
  targetCloud: TargetCloud;
  /** The migration strategy ("6 R"). */
  strategy: MigrationStrategy;
  /** The resource types, distinct and sorted by UTF-16 code units. */
  resourceTypes: string[];
  /** Number of contributions (migrations) in the group (integer ≥ 1). */
  executions: number;
  /** Number of successful migrations (integer, 0…`executions`). */
  successes: number;
  /** `successes / executions`, 0…1. */
  successRate: number;
  /** Arithmetic mean of `durationHours`, hours (≥ 0). */
  meanDurationHours: number;
  /** Arithmetic mean of `costSavingsPercent`, percent (−1000…100). */
  meanCostSavingsPercent: number;
  /** Number of distinct contributor pseudonyms (deployments) in the group (integer ≥ 1). */
  contributors: number;
  /** Per-step aggregates, ordered by mean position, then action. */
  steps: StepSummary[];
}

/** Record counts of a replica; see {@link countContributions}. */
export interface ContributionCounts {
  /** Records the replica holds (including records of erased pseudonyms sent back by stale replicas). */
  records: number;
  /** Records that count: held records whose contributor is not erased. */
  counted: number;
  /** Held records that do not count because their contributor was erased. */
  fromErasedContributors: number;
  /** Distinct contributor pseudonyms among counted records. */
  contributors: number;
  /** Number of erasure digests recorded. */
  erasures: number;
  /** Counted records per source cloud (every cloud present, 0 when none). */
  bySourceCloud: Record<SourceCloud, number>;
  /** Counted records per target cloud (every cloud present, 0 when none). */
  byTargetCloud: Record<TargetCloud, number>;
  /** Counted records per strategy (every strategy present, 0 when none). */
  byStrategy: Record<MigrationStrategy, number>;
}

/** Everything computed in one pass over the records, for one set of heads. */
interface Aggregates {
  summaries: readonly PatternSummary[];
  counts: Readonly<ContributionCounts>;
}

/**
 * A cache for {@link listPatterns}, {@link patternsForMigration} and
 * {@link countContributions}. It keeps the aggregates of the last document state it saw
 * (keyed by the document's heads, so a hit is always exact) and the parsed records, so
 * that after a sync only new records are parsed again. Make one per replica with
 * {@link createAggregateCache} and pass it in the options; it holds no other state.
 *
 * @example
 * ```ts
 * const cache = createAggregateCache();
 * listPatterns(doc, { cache }); // computes
 * listPatterns(doc, { cache }); // same heads: returns the cached (frozen) summaries
 * ```
 */
export class AggregateCache {
  /** @internal heads + network of the cached aggregates */
  stateKey: string | undefined;
  /** @internal the cached aggregates */
  aggregates: Aggregates | undefined;
  /** @internal parsed records by id, with the text they were parsed from */
  parsed = new Map<string, { text: string; contribution: Contribution }>();
  /** @internal erased-ness of each contributor seen, by network id + pseudonym */
  erasedContributors = new Map<string, boolean>();
  /** @internal the erasure digests the erased-ness map was computed against */
  erasureKey: string | undefined;
}

/**
 * Creates an empty {@link AggregateCache}.
 *
 * @returns a cache to pass as `options.cache`
 * @example
 * ```ts
 * const cache = createAggregateCache();
 * const patterns = listPatterns(doc, { cache, minContributors: 3 });
 * ```
 */
export function createAggregateCache(): AggregateCache {
  return new AggregateCache();
}

/** Options of {@link listPatterns}. */
export interface ListPatternsOptions {
  /**
   * Hide patterns seen from fewer distinct contributors (deployments) than this: a
   * k-anonymity threshold for what is shown (integer ≥ 1).
   * @default 1
   */
  minContributors?: number;
  /**
   * A cache made by {@link createAggregateCache}; results stay exact.
   * @default none (computed from the records every call)
   */
  cache?: AggregateCache;
}

const ListPatternsOptionsSchema = z.strictObject({
  minContributors: z.number().int().min(1).optional(),
});

const CountOptionsSchema = z.strictObject({});

/**
 * Takes the cache out of an options object (it is checked by class, not walked like
 * outside data) and returns it with the remaining options, which are parsed by zod.
 */
function splitCache(options: unknown): { cache: AggregateCache | undefined; rest: unknown } {
  if (typeof options !== 'object' || options === null || !('cache' in options)) {
    return { cache: undefined, rest: options };
  }
  const { cache, ...rest } = options as { cache?: unknown };
  if (cache !== undefined && !(cache instanceof AggregateCache)) {
    throw new ValidationError(
      [{ path: ['cache'], message: 'must be made by createAggregateCache()' }],
      'options',
    );
  }
  return { cache, rest };
}

/**
 * Lists the network's migration patterns with exact aggregates, computed from the
 * surviving contributions (records of erased pseudonyms never count). Contributions are
 * grouped by (sourceCloud, targetCloud, strategy, set of resourceTypes). Sums run in
 * record-id order, so every replica with the same records returns identical numbers.
 *
 * @param doc - the replica
 * @param options - `minContributors` (default 1) and `cache`; see {@link ListPatternsOptions}
 * @returns the patterns, most executions first, then by key; the summaries are frozen
 * @throws `ValidationError` (from `@pollinate/core`) when an option is invalid
 * @throws {@link InvalidDocumentError} when `doc` is not a network document
 * @example
 * ```ts
 * for (const pattern of listPatterns(doc, { minContributors: 3 })) {
 *   console.log(pattern.key, pattern.executions, pattern.successRate.toFixed(2));
 * }
 * ```
 */
export function listPatterns(doc: NetworkDoc, options: ListPatternsOptions = {}): PatternSummary[] {
  const { cache, rest } = splitCache(options);
  const { minContributors = 1 } = parseWith(ListPatternsOptionsSchema, rest, 'listPatterns options');
  const { summaries } = aggregate(asAutomerge(doc), cache);
  return summaries.filter((summary) => summary.contributors >= minContributors);
}

/** Options of {@link patternsForMigration}. */
export interface PatternsForMigrationOptions extends ListPatternsOptions {
  /**
   * Only this strategy.
   * @default every strategy
   */
  strategy?: MigrationStrategy;
}

const PatternsForMigrationSchema = z.strictObject({
  sourceCloud: SourceCloudSchema,
  targetCloud: TargetCloudSchema,
  strategy: z.optional(MigrationStrategySchema),
  minContributors: z.number().int().min(1).optional(),
});

/**
 * The patterns for one source/target pair (optionally one strategy): what the network
 * learned about moving from `sourceCloud` to `targetCloud`.
 *
 * @param doc - the replica
 * @param sourceCloud - `aws`, `azure`, `gcp` or `on-prem`
 * @param targetCloud - `aws`, `azure` or `gcp`
 * @param options - `strategy`, `minContributors` (default 1), `cache`; see {@link PatternsForMigrationOptions}
 * @returns the matching patterns, most executions first
 * @throws `ValidationError` (from `@pollinate/core`) when a cloud, strategy or option is invalid
 * @throws {@link InvalidDocumentError} when `doc` is not a network document
 * @example
 * ```ts
 * const best = patternsForMigration(doc, 'aws', 'gcp', { minContributors: 3 })
 *   .sort((a, b) => b.successRate - a.successRate)[0];
 * ```
 */
export function patternsForMigration(
  doc: NetworkDoc,
  sourceCloud: SourceCloud,
  targetCloud: TargetCloud,
  options: PatternsForMigrationOptions = {},
): PatternSummary[] {
  const { cache, rest } = splitCache(options);
  const parsed = parseWith(
    PatternsForMigrationSchema,
    { ...(typeof rest === 'object' && rest !== null ? rest : {}), sourceCloud, targetCloud },
    'query',
  );
  const { summaries } = aggregate(asAutomerge(doc), cache);
  return summaries.filter(
    (summary) =>
      summary.sourceCloud === parsed.sourceCloud &&
      summary.targetCloud === parsed.targetCloud &&
      (parsed.strategy === undefined || summary.strategy === parsed.strategy) &&
      summary.contributors >= (parsed.minContributors ?? 1),
  );
}

/**
 * Counts the replica's records: held, counted, held from erased contributors, distinct
 * contributors, erasures, and counted records per source cloud, target cloud and strategy.
 *
 * @param doc - the replica
 * @param options - `cache` (shared with {@link listPatterns}); see {@link AggregateCache}
 * @returns the counts; see {@link ContributionCounts}
 * @throws `ValidationError` (from `@pollinate/core`) when an option is invalid
 * @throws {@link InvalidDocumentError} when `doc` is not a network document
 * @example
 * ```ts
 * const { counted, contributors } = countContributions(doc);
 * ```
 */
export function countContributions(
  doc: NetworkDoc,
  options: { cache?: AggregateCache } = {},
): ContributionCounts {
  const { cache, rest } = splitCache(options);
  parseWith(CountOptionsSchema, rest, 'count options');
  const { counts } = aggregate(asAutomerge(doc), cache);
  return {
    ...counts,
    bySourceCloud: { ...counts.bySourceCloud },
    byTargetCloud: { ...counts.byTargetCloud },
    byStrategy: { ...counts.byStrategy },
  };
}

/**
 * The pattern a contribution belongs to: the group key used by {@link listPatterns}
 * (`source:target:strategy:` + sorted, distinct resource types joined with `|`) and those
 * resource types.
 *
 * @param contribution - a valid contribution
 * @returns `{ key, resourceTypes }`
 * @example
 * ```ts
 * patternKey({ ...contribution, resourceTypes: ['S3', 'EC2', 'S3'] }).key; // 'aws:gcp:replatform:EC2|S3'
 * ```
 */
export function patternKey(contribution: Contribution): { key: string; resourceTypes: string[] } {
  const resourceTypes = [...new Set(contribution.resourceTypes)].sort(compareStrings);
  return {
    key: `${contribution.sourceCloud}:${contribution.targetCloud}:${contribution.strategy}:${resourceTypes.join('|')}`,
    resourceTypes,
  };
}

/** Per-action totals of the steps of one pattern group's contributions. */
export interface StepAccumulator {
  count: number;
  successes: number;
  durationSum: number;
  positionSum: number;
}

/**
 * Adds (`sign` 1) or takes away (`sign` −1) a contribution's steps to its group's
 * per-action totals; an action no contribution of the group has any more is dropped. Shared
 * by the aggregates of one replica and the running aggregates of a sharded network.
 */
export function accumulateSteps(
  steps: Map<string, StepAccumulator>,
  contribution: Contribution,
  sign: 1 | -1,
): void {
  contribution.steps.forEach((step, position) => {
    let accumulator = steps.get(step.action);
    if (accumulator === undefined) {
      accumulator = { count: 0, successes: 0, durationSum: 0, positionSum: 0 };
      steps.set(step.action, accumulator);
    }
    accumulator.count += sign;
    if (step.success) accumulator.successes += sign;
    accumulator.durationSum += sign * step.durationSeconds;
    accumulator.positionSum += sign * position;
    if (accumulator.count <= 0) steps.delete(step.action);
  });
}

/** The totals of one pattern group, whichever way they were accumulated. */
export interface PatternTotals {
  sourceCloud: SourceCloud;
  targetCloud: TargetCloud;
  strategy: MigrationStrategy;
  resourceTypes: readonly string[];
  executions: number;
  successes: number;
  durationSum: number;
  costSum: number;
  /** Distinct contributors counted in the group. */
  contributors: number;
  steps: ReadonlyMap<string, StepAccumulator>;
}

/**
 * The frozen {@link PatternSummary} of a group's totals: means from sums, steps
 * ordered by mean position, then action (code-unit order).
 */
export function summarizePattern(key: string, totals: PatternTotals): PatternSummary {
  const steps: StepSummary[] = [...totals.steps].map(([action, step]) =>
    Object.freeze({
      action,
      count: step.count,
      successes: step.successes,
      successRate: step.successes / step.count,
      meanDurationSeconds: step.durationSum / step.count,
      meanPosition: step.positionSum / step.count,
    }),
  );
  steps.sort((a, b) => a.meanPosition - b.meanPosition || compareStrings(a.action, b.action));
  return Object.freeze({
    key,
    sourceCloud: totals.sourceCloud,
    targetCloud: totals.targetCloud,
    strategy: totals.strategy,
    resourceTypes: Object.freeze([...totals.resourceTypes]) as string[],
    executions: totals.executions,
    successes: totals.successes,
    successRate: totals.successes / totals.executions,
    meanDurationHours: totals.durationSum / totals.executions,
    meanCostSavingsPercent: totals.costSum / totals.executions,
    contributors: totals.contributors,
    steps: Object.freeze(steps) as StepSummary[],
  });
}

interface PatternAccumulator {
  contribution: Contribution;
  resourceTypes: string[];
  executions: number;
  successes: number;
  durationSum: number;
  costSum: number;
  contributors: Set<string>;
  steps: Map<string, StepAccumulator>;
}

function zeroCounts<K extends string>(keys: readonly K[]): Record<K, number> {
  const counts = {} as Record<K, number>;
  for (const key of keys) counts[key] = 0;
  return counts;
}

function aggregate(doc: Automerge.Doc<NetworkState>, cache: AggregateCache | undefined): Aggregates {
  const { networkId } = readHeader(doc);
  const stateKey = `${networkId}\u0000${Automerge.getHeads(doc).sort().join(',')}`;
  if (cache?.stateKey === stateKey && cache.aggregates !== undefined) return cache.aggregates;

  const erasures = new Set(Object.keys(doc.erasures));
  const erasureKey = `${networkId}\u0000${[...erasures].sort().join(',')}`;
  let erasedContributors = new Map<string, boolean>();
  if (cache !== undefined) {
    if (cache.erasureKey !== erasureKey) cache.erasedContributors = new Map();
    cache.erasureKey = erasureKey;
    erasedContributors = cache.erasedContributors;
  }
  const previous = cache?.parsed;
  const parsed = new Map<string, { text: string; contribution: Contribution }>();

  const groups = new Map<string, PatternAccumulator>();
  const countedContributors = new Set<string>();
  const counts: ContributionCounts = {
    records: 0,
    counted: 0,
    fromErasedContributors: 0,
    contributors: 0,
    erasures: erasures.size,
    bySourceCloud: zeroCounts(SourceCloudSchema.options),
    byTargetCloud: zeroCounts(TargetCloudSchema.options),
    byStrategy: zeroCounts(MigrationStrategySchema.options),
  };

  const records = doc.records;
  const ids = Object.keys(records).sort(compareStrings);
  for (const id of ids) {
    const value = records[id]!;
    const text = value.val;
    const known = previous?.get(id);
    const contribution = known !== undefined && known.text === text ? known.contribution : readRecord(value);
    if (cache !== undefined) parsed.set(id, { text, contribution });
    counts.records += 1;

    const { contributor } = contribution;
    let erased = erasedContributors.get(contributor);
    if (erased === undefined) {
      erased = erasures.has(erasureDigest(networkId, contributor));
      erasedContributors.set(contributor, erased);
    }
    if (erased) {
      counts.fromErasedContributors += 1;
      continue;
    }
    counts.counted += 1;
    countedContributors.add(contributor);
    counts.bySourceCloud[contribution.sourceCloud] += 1;
    counts.byTargetCloud[contribution.targetCloud] += 1;
    counts.byStrategy[contribution.strategy] += 1;

    const { key, resourceTypes } = patternKey(contribution);
    let group = groups.get(key);
    if (group === undefined) {
      group = {
        contribution,
        resourceTypes,
        executions: 0,
        successes: 0,
        durationSum: 0,
        costSum: 0,
        contributors: new Set(),
        steps: new Map(),
      };
      groups.set(key, group);
    }
    group.executions += 1;
    if (contribution.success) group.successes += 1;
    group.durationSum += contribution.durationHours;
    group.costSum += contribution.costSavingsPercent;
    group.contributors.add(contributor);
    accumulateSteps(group.steps, contribution, 1);
  }
  counts.contributors = countedContributors.size;

  const summaries: PatternSummary[] = [];
  for (const [key, group] of groups)
    summaries.push(
      summarizePattern(key, {
        sourceCloud: group.contribution.sourceCloud,
        targetCloud: group.contribution.targetCloud,
        strategy: group.contribution.strategy,
        resourceTypes: group.resourceTypes,
        executions: group.executions,
        successes: group.successes,
        durationSum: group.durationSum,
        costSum: group.costSum,
        contributors: group.contributors.size,
        steps: group.steps,
      }),
    );
  summaries.sort((a, b) => b.executions - a.executions || compareStrings(a.key, b.key));

  const aggregates: Aggregates = { summaries: Object.freeze(summaries), counts: Object.freeze(counts) };
  if (cache !== undefined) {
    cache.stateKey = stateKey;
    cache.aggregates = aggregates;
    cache.parsed = parsed;
  }
  return aggregates;
}
