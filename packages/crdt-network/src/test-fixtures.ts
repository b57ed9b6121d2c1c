// Test-only helpers shared by the tests of this package (not exported from index.ts, not
// part of the build): contribution factories, fast-check arbitraries and an independent
// oracle for the aggregates; the consent option, raw Automerge access and the refusal
// check the unit and property tests share.
import * as Automerge from '@automerge/automerge';
import { sha256 } from '@noble/hashes/sha2';
import { utf8ToBytes } from '@noble/hashes/utils';
import type { Contribution } from '@pollinate/core/model';
import fc from 'fast-check';
import { expect } from 'vitest';
import type { PatternSummary } from './aggregates.js';
import { type NetworkDoc, type NetworkState, networkInfo } from './document.js';
import { isSyncError, type SyncError } from './errors.js';
import { keyPairFromSecret, type NetworkKeyPair } from './signing.js';
import { encodeSyncState, receiveSyncMessage, type SyncState } from './sync.js';

/** A deterministic test key pair named `name` (secret: SHA-256 of the name). */
export function testKeys(name: string): NetworkKeyPair {
  return keyPairFromSecret(sha256(utf8ToBytes(`pollinate test key ${name}`)));
}

/** The key pairs of the test deployments. */
export const KEYS = {
  alpha: testKeys('alpha'),
  bravo: testKeys('bravo'),
  charlie: testKeys('charlie'),
  delta: testKeys('delta'),
  here: testKeys('here'),
  there: testKeys('there'),
  left: testKeys('left'),
  right: testKeys('right'),
  other: testKeys('other'),
  nobody: testKeys('nobody'),
} as const;

/** An operator key pair (named by networks created with {@link OPERATORS}). */
export const OPERATOR = testKeys('operator');

/** Network options naming the test operator. */
export const OPERATORS = [OPERATOR.pseudonym];

/** The contribution options of deployments that have given consent: signed by the test key of each contributor. */
export const consent = { consent: true, signer: Object.values(KEYS) };

/** The key pair of a test pseudonym. */
export function keysOf(pseudonym: string): NetworkKeyPair {
  const keys = Object.values(KEYS).find((pair) => pair.pseudonym === pseudonym);
  if (keys === undefined) throw new Error(`no test key for ${pseudonym}`);
  return keys;
}

/** The erasure options of a test pseudonym's own key. */
export function erasing(pseudonym: string): { signer: NetworkKeyPair } {
  return { signer: keysOf(pseudonym) };
}

/** The Automerge document behind a {@link NetworkDoc}, to inspect or forge history. */
export function raw(doc: NetworkDoc): Automerge.Doc<NetworkState> {
  return doc as unknown as Automerge.Doc<NetworkState>;
}

/** Every operation of every change in the document's history, as JSON text (one change a line). */
export function changeHistoryText(doc: NetworkDoc): string {
  return Automerge.getAllChanges(raw(doc))
    .map((change) => JSON.stringify(Automerge.decodeChange(change).ops))
    .join('\n');
}

/**
 * Receives `message`; when the replica refuses it, asserts that the refusal is a
 * `SyncError` and that neither the document's heads nor the sync state changed.
 *
 * @returns the refusal, or `undefined` when the message was accepted
 */
export function refusalOf(doc: NetworkDoc, state: SyncState, message: Uint8Array): SyncError | undefined {
  const heads = networkInfo(doc).heads;
  const encoded = encodeSyncState(state);
  try {
    receiveSyncMessage(doc, state, message);
  } catch (error) {
    expect(isSyncError(error)).toBe(true);
    expect(networkInfo(doc).heads).toEqual(heads);
    expect(encodeSyncState(state)).toEqual(encoded);
    return error as SyncError;
  }
  return undefined;
}

/** A valid contribution; fields can be overridden. */
export function makeContribution(overrides: Partial<Contribution> = {}): Contribution {
  return {
    id: 'm-0001',
    contributor: KEYS.alpha.pseudonym,
    sourceCloud: 'aws',
    targetCloud: 'gcp',
    strategy: 'replatform',
    resourceTypes: ['RDS', 'EC2'],
    steps: [
      { action: 'export snapshot', durationSeconds: 5400, success: true },
      { action: 'restore database', durationSeconds: 3600, success: true },
      { action: 'switch DNS', durationSeconds: 120, success: false, error: 'TTL not expired' },
    ],
    success: true,
    durationHours: 6.5,
    costSavingsPercent: 18,
    contributedAt: '2026-11-20T10:00:00Z',
    ...overrides,
  };
}

/** Pseudonyms used by the property tests (few, so erasures hit contributed records). */
export const PSEUDONYMS = [
  KEYS.alpha.pseudonym,
  KEYS.bravo.pseudonym,
  KEYS.charlie.pseudonym,
  KEYS.delta.pseudonym,
] as const;

/** An arbitrary valid contribution with the given id and a contributor from {@link PSEUDONYMS}. */
export function contributionArbitrary(id: string): fc.Arbitrary<Contribution> {
  const step = fc.record(
    {
      action: fc.constantFrom('export snapshot', 'restore database', 'switch DNS', 'copy objects', 'resize'),
      durationSeconds: fc.double({ min: 0, max: 1e5, noNaN: true, noDefaultInfinity: true }),
      success: fc.boolean(),
      error: fc.constantFrom('timeout', 'quota exceeded', 'ORA-00942'),
    },
    { requiredKeys: ['action', 'durationSeconds', 'success'] },
  );
  return fc.record({
    id: fc.constant(id),
    contributor: fc.constantFrom(...PSEUDONYMS),
    sourceCloud: fc.constantFrom('aws', 'azure', 'gcp', 'on-prem'),
    targetCloud: fc.constantFrom('aws', 'azure', 'gcp'),
    strategy: fc.constantFrom('rehost', 'replatform', 'refactor'),
    resourceTypes: fc.array(fc.constantFrom('EC2', 'RDS', 'S3', 'Blob', 'Cloud SQL'), {
      minLength: 1,
      maxLength: 3,
    }),
    steps: fc.array(step, { maxLength: 4 }),
    success: fc.boolean(),
    durationHours: fc.double({ min: 0, max: 1000, noNaN: true, noDefaultInfinity: true }),
    costSavingsPercent: fc.double({ min: -1000, max: 100, noNaN: true, noDefaultInfinity: true }),
    contributedAt: fc.constantFrom('2026-11-20T10:00:00Z', '2026-01-02T03:04:05.678Z'),
  }) as fc.Arbitrary<Contribution>;
}

/** A pool of distinct contributions with ids `c-0` … */
export function contributionPoolArbitrary(
  minLength: number,
  maxLength: number,
): fc.Arbitrary<Contribution[]> {
  return fc
    .integer({ min: minLength, max: maxLength })
    .chain((size) =>
      fc.tuple(...Array.from({ length: size }, (_, index) => contributionArbitrary(`c-${index}`))),
    );
}

/** The oracle's view of one pattern: counts exact, means as plain averages. */
export interface OraclePattern {
  key: string;
  executions: number;
  successes: number;
  meanDurationHours: number;
  meanCostSavingsPercent: number;
  contributors: number;
  steps: Record<string, { count: number; successes: number; meanDurationSeconds: number }>;
}

/**
 * Aggregates computed the obvious way, independently of the implementation: group by the
 * JSON of (source, target, strategy, sorted distinct resource types).
 */
export function oraclePatterns(contributions: readonly Contribution[]): Map<string, OraclePattern> {
  const groups = new Map<string, Contribution[]>();
  for (const contribution of contributions) {
    const types = Array.from(new Set(contribution.resourceTypes)).sort();
    const key = `${contribution.sourceCloud}:${contribution.targetCloud}:${contribution.strategy}:${types.join('|')}`;
    groups.set(key, [...(groups.get(key) ?? []), contribution]);
  }
  const result = new Map<string, OraclePattern>();
  for (const [key, members] of groups) {
    const steps: OraclePattern['steps'] = {};
    const allSteps = members.flatMap((member) => member.steps);
    for (const action of new Set(allSteps.map((step) => step.action))) {
      const runs = allSteps.filter((step) => step.action === action);
      steps[action] = {
        count: runs.length,
        successes: runs.filter((step) => step.success).length,
        meanDurationSeconds: runs.reduce((sum, step) => sum + step.durationSeconds, 0) / runs.length,
      };
    }
    result.set(key, {
      key,
      executions: members.length,
      successes: members.filter((member) => member.success).length,
      meanDurationHours: members.reduce((sum, member) => sum + member.durationHours, 0) / members.length,
      meanCostSavingsPercent:
        members.reduce((sum, member) => sum + member.costSavingsPercent, 0) / members.length,
      contributors: new Set(members.map((member) => member.contributor)).size,
      steps,
    });
  }
  return result;
}

/** Whether two floating-point results agree up to summation-order rounding. */
export function closeTo(actual: number, expected: number): boolean {
  return Math.abs(actual - expected) <= 1e-9 * Math.max(1, Math.abs(expected));
}

/** Asserts that `patterns` are the oracle's aggregates of `survivors`: same keys, counts, contributors and means (up to rounding). */
export function expectMatchesOracle(patterns: PatternSummary[], survivors: Contribution[]): void {
  const oracle = oraclePatterns(survivors);
  expect(new Set(patterns.map((pattern) => pattern.key))).toEqual(new Set(oracle.keys()));
  for (const pattern of patterns) {
    const expected = oracle.get(pattern.key)!;
    expect(pattern.executions).toBe(expected.executions);
    expect(pattern.successes).toBe(expected.successes);
    expect(pattern.contributors).toBe(expected.contributors);
    expect(pattern.successRate).toBe(expected.successes / expected.executions);
    expect(closeTo(pattern.meanDurationHours, expected.meanDurationHours)).toBe(true);
    expect(closeTo(pattern.meanCostSavingsPercent, expected.meanCostSavingsPercent)).toBe(true);
    expect(new Set(pattern.steps.map((step) => step.action))).toEqual(new Set(Object.keys(expected.steps)));
    for (const step of pattern.steps) {
      const expectedStep = expected.steps[step.action]!;
      expect(step.count).toBe(expectedStep.count);
      expect(step.successes).toBe(expectedStep.successes);
      expect(closeTo(step.meanDurationSeconds, expectedStep.meanDurationSeconds)).toBe(true);
    }
  }
}
