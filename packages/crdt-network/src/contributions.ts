import * as Automerge from '@automerge/automerge';
import { type Contribution, ContributionSchema, isSafeKey, ValidationError } from '@pollinate/core';
import { erasureDigest } from './digests.js';
import { asAutomerge, type NetworkDoc, readHeader, toNetworkDoc, write } from './document.js';
import { ConsentRequiredError, ContributorErasedError } from './errors.js';
import { recordText } from './records.js';

/** Options of {@link contribute} and {@link contributeMany}. */
export interface ContributeOptions {
  /**
   * Explicit opt-in consent to share with the network. Anything but `true` (missing,
   * `false`, `'yes'`) refuses with {@link ConsentRequiredError}: sharing is off by default.
   */
  consent: boolean;
}

/**
 * Adds one contribution (an anonymized migration record) to the replica, after
 * validating it with the core `ContributionSchema`. Contributing an id the replica
 * already holds changes nothing (the same document is returned).
 *
 * @param doc - the replica (superseded by the result when something was added)
 * @param contribution - untrusted contribution data; see `Contribution` in `@pollinate/core`
 * @param options - `{ consent: true }` is required; see {@link ContributeOptions}
 * @returns the replica with the contribution recorded
 * @throws {@link ConsentRequiredError} without `consent: true`; nothing is written
 * @throws `ValidationError` (from `@pollinate/core`) naming every bad field; nothing is written
 * @throws {@link ContributorErasedError} when the contributor's pseudonym was erased
 * @throws {@link InvalidDocumentError} when `doc` is not a network document
 * @example
 * ```ts
 * doc = contribute(doc, {
 *   id: 'm-2026-0001', contributor: 'k3J9x_pQ2vLm', sourceCloud: 'aws', targetCloud: 'gcp',
 *   strategy: 'replatform', resourceTypes: ['RDS', 'EC2'],
 *   steps: [{ action: 'export snapshot', durationSeconds: 5400, success: true }],
 *   success: true, durationHours: 6.5, costSavingsPercent: 18, contributedAt: '2026-11-20T10:00:00Z',
 * }, { consent: true });
 * ```
 */
export function contribute(doc: NetworkDoc, contribution: unknown, options: ContributeOptions): NetworkDoc {
  return contributeMany(doc, [contribution], options);
}

/**
 * Adds many contributions in one Automerge change — the fast way to ingest a batch
 * (tens of thousands per second, against a few thousand one change each). All are
 * validated before anything is written: one bad contribution refuses the whole batch.
 * Ids the replica already holds, and repeats of an id within the batch, are skipped.
 *
 * @param doc - the replica (superseded by the result when something was added)
 * @param contributions - untrusted contribution data, at most any number
 * @param options - `{ consent: true }` is required; see {@link ContributeOptions}
 * @returns the replica with the new contributions recorded (the same document when none was new)
 * @throws {@link ConsentRequiredError} without `consent: true`; nothing is written
 * @throws `ValidationError` (from `@pollinate/core`) naming every bad field, paths
 *   prefixed with the index in `contributions`; nothing is written
 * @throws {@link ContributorErasedError} when a contributor's pseudonym was erased; nothing is written
 * @throws {@link InvalidDocumentError} when `doc` is not a network document
 * @example
 * ```ts
 * doc = contributeMany(doc, anonymizedRecords, { consent: true });
 * ```
 */
export function contributeMany(
  doc: NetworkDoc,
  contributions: readonly unknown[],
  options: ContributeOptions,
): NetworkDoc {
  if (typeof options !== 'object' || options === null || options.consent !== true) {
    throw new ConsentRequiredError();
  }
  const automerge = asAutomerge(doc);
  if (!Array.isArray(contributions)) {
    throw new ValidationError([{ path: [], message: 'expected an array of contributions' }], 'contributions');
  }
  const { networkId } = readHeader(automerge);
  const issues: ValidationError['issues'] = [];
  const fresh = new Map<string, string>();
  const digests = new Map<string, string>();
  contributions.forEach((input, index) => {
    const parsed = ContributionSchema.safeParse(input);
    if (!parsed.success) {
      for (const issue of ValidationError.fromZod(parsed.error).issues) {
        issues.push({ path: [index, ...issue.path], message: issue.message });
      }
      return;
    }
    const contribution: Contribution = parsed.data;
    if (!isSafeKey(contribution.id)) {
      issues.push({ path: [index, 'id'], message: 'is a reserved name' });
      return;
    }
    let digest = digests.get(contribution.contributor);
    if (digest === undefined) {
      digest = erasureDigest(networkId, contribution.contributor);
      digests.set(contribution.contributor, digest);
    }
    if (automerge.erasures[digest] === true) {
      throw new ContributorErasedError(
        `contribution ${JSON.stringify(contribution.id)} comes from a pseudonym that was erased from this network`,
      );
    }
    if (!Object.hasOwn(automerge.records, contribution.id) && !fresh.has(contribution.id)) {
      fresh.set(contribution.id, recordText(contribution));
    }
  });
  if (issues.length > 0) {
    const subject = contributions.length === 1 ? 'contribution' : 'contributions';
    throw new ValidationError(
      contributions.length === 1 ? issues.map((issue) => ({ ...issue, path: issue.path.slice(1) })) : issues,
      subject,
    );
  }
  if (fresh.size === 0) return doc;
  return toNetworkDoc(
    write(() =>
      Automerge.change(automerge, { time: 0 }, (draft) => {
        for (const [id, text] of fresh) draft.records[id] = new Automerge.ImmutableString(text);
      }),
    ),
  );
}
