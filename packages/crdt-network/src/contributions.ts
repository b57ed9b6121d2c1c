import * as Automerge from '@automerge/automerge';
import { isSafeKey } from '@pollinate/core/helpers';
import { type Contribution, ContributionSchema, ValidationError } from '@pollinate/core/model';
import { erasureDigest } from './digests.js';
import { asAutomerge, type NetworkDoc, readHeader, toNetworkDoc, write } from './document.js';
import { ConsentRequiredError, ContributorErasedError } from './errors.js';
import { parseStoredRecord, readStoredRecord, recordKey, recordText, type StoredRecord } from './records.js';
import { type NetworkKeyPair, signRecord, type VerifyOptions, verifyEd25519 } from './signing.js';

/** Options of {@link contribute} and {@link contributeMany}. */
export interface ContributeOptions {
  /**
   * Explicit opt-in consent to share with the network. Anything but `true` (missing,
   * `false`, `'yes'`) refuses with {@link ConsentRequiredError}: sharing is off by default.
   */
  consent: boolean;
  /**
   * The deployment's key pair for this network (see {@link keyPairFromSecret}): every
   * record is signed with it, and every contribution's `contributor` must be its
   * `pseudonym`. A list of key pairs (for example a registry holding custodial keys for
   * several publishers) signs each contribution with the pair of its contributor.
   */
  signer: NetworkKeyPair | readonly NetworkKeyPair[];
}

function isKeyPair(value: unknown): value is NetworkKeyPair {
  const keys = value as NetworkKeyPair | undefined;
  return (
    typeof keys === 'object' &&
    keys !== null &&
    keys.secretKey instanceof Uint8Array &&
    keys.secretKey.length === 32 &&
    typeof keys.pseudonym === 'string'
  );
}

function checkSigner(signer: unknown): NetworkKeyPair {
  if (!isKeyPair(signer)) {
    throw new ValidationError(
      [{ path: ['signer'], message: 'must be a key pair made by keyPairFromSecret or deriveKeyPair' }],
      'options',
    );
  }
  return signer;
}

/** The signer of each pseudonym, from one key pair or a list. */
function signersOf(signer: unknown): Map<string, NetworkKeyPair> {
  const list = Array.isArray(signer) ? signer : [signer];
  if (list.length === 0) checkSigner(undefined);
  return new Map(list.map((keys) => [checkSigner(keys).pseudonym, keys]));
}

/**
 * Adds one contribution (an anonymized migration record) to the replica, after
 * validating it with the core `ContributionSchema`, signed by the deployment's key (its
 * `contributor` must be the signer's pseudonym). Contributing an id the replica already
 * holds for that contributor changes nothing (the same document is returned).
 *
 * @param doc - the replica (superseded by the result when something was added)
 * @param contribution - untrusted contribution data; see `Contribution` in `@pollinate/core`
 * @param options - `{ consent: true, signer }` is required; see {@link ContributeOptions}
 * @returns the replica with the contribution recorded
 * @throws {@link ConsentRequiredError} without `consent: true`; nothing is written
 * @throws `ValidationError` (from `@pollinate/core`) naming every bad field (a
 *   `contributor` other than the signer's pseudonym included); nothing is written
 * @throws {@link ContributorErasedError} when the contributor's pseudonym was erased
 * @throws {@link InvalidDocumentError} when `doc` is not a network document
 * @example
 * ```ts
 * const keys = keyPairFromSecret(crypto.getRandomValues(new Uint8Array(32)));
 * doc = contribute(doc, {
 *   id: 'm-2026-0001', contributor: keys.pseudonym, sourceCloud: 'aws', targetCloud: 'gcp',
 *   strategy: 'replatform', resourceTypes: ['RDS', 'EC2'],
 *   steps: [{ action: 'export snapshot', durationSeconds: 5400, success: true }],
 *   success: true, durationHours: 6.5, costSavingsPercent: 18, contributedAt: '2026-11-20T10:00:00Z',
 * }, { consent: true, signer: keys });
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
 * @param options - `{ consent: true, signer }` is required; see {@link ContributeOptions}
 * @returns the replica with the new contributions recorded (the same document when none was new)
 * @throws {@link ConsentRequiredError} without `consent: true`; nothing is written
 * @throws `ValidationError` (from `@pollinate/core`) naming every bad field, paths
 *   prefixed with the index in `contributions`; nothing is written
 * @throws {@link ContributorErasedError} when a contributor's pseudonym was erased; nothing is written
 * @throws {@link InvalidDocumentError} when `doc` is not a network document
 * @example
 * ```ts
 * doc = contributeMany(doc, anonymizedRecords, { consent: true, signer: keys });
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
  const signers = signersOf(options.signer);
  const automerge = asAutomerge(doc);
  if (!Array.isArray(contributions)) {
    throw new ValidationError([{ path: [], message: 'expected an array of contributions' }], 'contributions');
  }
  const { networkId } = readHeader(automerge);
  const issues: ValidationError['issues'] = [];
  const fresh = new Map<string, string>();
  const toSign: [string, Contribution, NetworkKeyPair][] = [];
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
    const signer = signers.get(contribution.contributor);
    if (signer === undefined) {
      issues.push({ path: [index, 'contributor'], message: "must be the signer's pseudonym" });
      return;
    }
    let digest = digests.get(contribution.contributor);
    if (digest === undefined) {
      digest = erasureDigest(networkId, contribution.contributor);
      digests.set(contribution.contributor, digest);
    }
    if (Object.hasOwn(automerge.erasures, digest)) {
      throw new ContributorErasedError(
        `contribution ${JSON.stringify(contribution.id)} comes from a pseudonym that was erased from this network`,
      );
    }
    const key = recordKey(contribution);
    if (!Object.hasOwn(automerge.records, key) && !fresh.has(key)) {
      fresh.set(key, '');
      toSign.push([key, contribution, signer]);
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
  // Signed only once everything is valid (signing costs far more than checking).
  for (const [key, contribution, signer] of toSign) {
    const signature = signRecord(signer, networkId, contribution, 0);
    fresh.set(key, recordText({ contribution, revision: 0, signature }));
  }
  return toNetworkDoc(
    write(() =>
      Automerge.change(automerge, { time: 0 }, (draft) => {
        for (const [id, text] of fresh) draft.records[id] = new Automerge.ImmutableString(text);
      }),
    ),
  );
}

/** Options of {@link rectifyContribution}. */
export interface RectifyOptions {
  /** The key pair of the contribution's contributor (only it may rectify its records). */
  signer: NetworkKeyPair;
}

/**
 * Rectifies a contribution (GDPR right to rectification): replaces the record held under
 * the contribution's contributor and id with the corrected one, signed by the contributor
 * as the next revision. Replicas refuse rewrites by anyone else and replays of an older
 * revision.
 *
 * @param doc - the replica (superseded by the result when something changed)
 * @param contribution - the corrected contribution (same `id` and `contributor`)
 * @param options - `signer`: the contributor's key pair; see {@link RectifyOptions}
 * @returns the replica holding the corrected record (the same document when nothing differs)
 * @throws `ValidationError` (from `@pollinate/core`) when the contribution is invalid, its
 *   contributor is not the signer, or no record with that id is held for it
 * @throws {@link ContributorErasedError} when the pseudonym was erased
 * @throws {@link InvalidDocumentError} when `doc` is not a network document
 * @example
 * ```ts
 * // `contribution` is held in `doc` under `keys.pseudonym`; the corrected record becomes revision 1.
 * doc = rectifyContribution(doc, { ...contribution, durationHours: 7 }, { signer: keys });
 * ```
 */
export function rectifyContribution(
  doc: NetworkDoc,
  contribution: unknown,
  options: RectifyOptions,
): NetworkDoc {
  const signer = checkSigner(options?.signer);
  const automerge = asAutomerge(doc);
  const parsed = ContributionSchema.safeParse(contribution);
  if (!parsed.success) throw ValidationError.fromZod(parsed.error, 'contribution');
  const corrected: Contribution = parsed.data;
  if (corrected.contributor !== signer.pseudonym) {
    throw new ValidationError(
      [{ path: ['contributor'], message: "must be the signer's pseudonym" }],
      'contribution',
    );
  }
  const { networkId } = readHeader(automerge);
  if (Object.hasOwn(automerge.erasures, erasureDigest(networkId, corrected.contributor))) {
    throw new ContributorErasedError(
      'this pseudonym was erased from the network; its records cannot be rectified',
    );
  }
  const key = recordKey(corrected);
  const held = automerge.records[key];
  if (held === undefined) {
    throw new ValidationError(
      [{ path: ['id'], message: 'no record with this id is held for the contributor' }],
      'contribution',
    );
  }
  const previous = readStoredRecord(held);
  if (
    recordText({ ...previous, signature: '' }) ===
    recordText({ contribution: corrected, revision: previous.revision, signature: '' })
  ) {
    return doc;
  }
  const revision = previous.revision + 1;
  const text = recordText({
    contribution: corrected,
    revision,
    signature: signRecord(signer, networkId, corrected, revision),
  });
  return toNetworkDoc(
    write(() =>
      Automerge.change(automerge, { time: 0 }, (draft) => {
        draft.records[key] = new Automerge.ImmutableString(text);
      }),
    ),
  );
}

/** Options of {@link importRecords}. */
export interface ImportRecordsOptions extends VerifyOptions {}

/**
 * Adds records that are already signed (by their contributors, elsewhere: another
 * replica's export, a native signer using {@link recordSigningMessage}) in one change.
 * Every record is checked as if it had arrived by sync — valid contribution, signature of
 * its contributor — before anything is written; one bad record refuses the batch.
 * Records the replica already holds (same key and revision) are skipped, as are records
 * of erased pseudonyms.
 *
 * @param doc - the replica (superseded by the result when something was added)
 * @param records - `{contribution, revision, signature}` objects (signature: 128 hex digits)
 * @param options - `verifySignature` (default `@noble/curves`); see {@link VerifyOptions}
 * @returns the replica with the records added (the same document when none was new)
 * @throws `ValidationError` (from `@pollinate/core`) naming the index of the first bad or forged record; nothing is written
 * @throws {@link InvalidDocumentError} when `doc` is not a network document
 * @example
 * ```ts
 * import { createPublicKey, generateKeyPairSync, sign, verify } from 'node:crypto';
 *
 * // A record signed outside this package (a native signer, an HSM) over recordSigningMessage:
 * const { privateKey, publicKey } = generateKeyPairSync('ed25519');
 * const contributor = pseudonymOf(Buffer.from(publicKey.export({ format: 'jwk' }).x ?? '', 'base64url'));
 * const record = { ...contribution, id: 'm-native-0001', contributor };
 * const signature = sign(null, recordSigningMessage('pollinate', record, 0), privateKey).toString('hex');
 * const signedRecords = [{ contribution: record, revision: 0, signature }];
 *
 * // Node's native Ed25519 verifier, about ten times as fast as the pure JavaScript default:
 * const nativeVerify: SignatureVerifier = (signatureBytes, message, key) =>
 *   verify(null, message, createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: Buffer.from(key).toString('base64url') }, format: 'jwk' }), signatureBytes);
 * doc = importRecords(doc, signedRecords, { verifySignature: nativeVerify });
 * ```
 */
export function importRecords(
  doc: NetworkDoc,
  records: readonly StoredRecord[],
  options: ImportRecordsOptions = {},
): NetworkDoc {
  const automerge = asAutomerge(doc);
  if (!Array.isArray(records)) {
    throw new ValidationError([{ path: [], message: 'expected an array of signed records' }], 'records');
  }
  const verify = options.verifySignature ?? verifyEd25519;
  const { networkId } = readHeader(automerge);
  const fresh = new Map<string, string>();
  records.forEach((input, index) => {
    let text: string;
    try {
      text = recordText(input);
    } catch {
      throw new ValidationError([{ path: [index], message: 'is not JSON' }], 'records');
    }
    const key =
      typeof input === 'object' &&
      input !== null &&
      typeof input.contribution === 'object' &&
      input.contribution !== null
        ? recordKey(input.contribution)
        : '';
    const checked = parseStoredRecord(key, text, { networkId, verify, requireCanonical: true });
    if (checked.problem !== undefined) {
      throw new ValidationError([{ path: [index], message: `record ${checked.problem}` }], 'records');
    }
    if (Object.hasOwn(automerge.erasures, erasureDigest(networkId, checked.record.contribution.contributor)))
      return;
    const held = automerge.records[key];
    if (held !== undefined && readStoredRecord(held).revision >= checked.record.revision) return;
    fresh.set(key, text);
  });
  if (fresh.size === 0) return doc;
  return toNetworkDoc(
    write(() =>
      Automerge.change(automerge, { time: 0 }, (draft) => {
        for (const [key, text] of fresh) draft.records[key] = new Automerge.ImmutableString(text);
      }),
    ),
  );
}
