import * as Automerge from '@automerge/automerge';
import { isValidationError } from '@pollinate/core';
import { describe, expect, it } from 'vitest';
import { countContributions, listPatterns } from './aggregates.js';
import { contribute, contributeMany } from './contributions.js';
import { erasureDigest } from './digests.js';
import { createNetwork, load, merge, type NetworkDoc, networkInfo, networkSize, save } from './document.js';
import { adoptEpoch, compact, eraseContributor, exportContributor, isContributorErased } from './erasure.js';
import { isEpochMismatchError, isNetworkMismatchError } from './errors.js';
import { generateSyncMessage, initSyncState, receiveSyncMessage } from './sync.js';
import {
  changeHistoryText,
  consent,
  KEYS,
  makeContribution,
  OPERATOR,
  OPERATORS,
  raw,
} from './test-fixtures.js';

function seeded(): NetworkDoc {
  return contributeMany(
    createNetwork({ networkId: 'acme', operators: OPERATORS }),
    [
      makeContribution({ id: 'a-1', contributor: KEYS.alpha.pseudonym }),
      makeContribution({ id: 'a-2', contributor: KEYS.alpha.pseudonym, strategy: 'rehost' }),
      makeContribution({ id: 'b-1', contributor: KEYS.bravo.pseudonym }),
    ],
    consent,
  );
}

describe('eraseContributor', () => {
  it('removes every record of the pseudonym and records only a digest of it', () => {
    const doc = eraseContributor(seeded(), KEYS.alpha.pseudonym, { signer: OPERATOR });
    expect(Object.keys(raw(doc).records)).toEqual([`${KEYS.bravo.pseudonym}/b-1`]);
    expect(Object.keys(raw(doc).erasures)).toEqual([erasureDigest('acme', KEYS.alpha.pseudonym)]);
    expect(JSON.stringify(Automerge.toJS(raw(doc)))).not.toContain(KEYS.alpha.pseudonym);
    expect(isContributorErased(doc, KEYS.alpha.pseudonym)).toBe(true);
    expect(isContributorErased(doc, KEYS.bravo.pseudonym)).toBe(false);
    expect(listPatterns(doc)).toHaveLength(1);
  });

  it('changes nothing when erasing again with nothing left, and rejects a non-pseudonym', () => {
    const once = eraseContributor(seeded(), KEYS.alpha.pseudonym, { signer: OPERATOR });
    expect(eraseContributor(once, KEYS.alpha.pseudonym, { signer: OPERATOR })).toBe(once);
    let caught: unknown;
    try {
      eraseContributor(once, 'x', { signer: OPERATOR });
    } catch (error) {
      caught = error;
    }
    expect(isValidationError(caught)).toBe(true);
  });

  it('drops records a stale replica sent back when erasing again', () => {
    const base = seeded();
    const stale = contribute(
      merge(createNetwork({ networkId: 'acme', operators: OPERATORS }), base),
      makeContribution({ id: 'a-3' }),
      consent,
    );
    const erased = eraseContributor(
      merge(createNetwork({ networkId: 'acme', operators: OPERATORS }), base),
      KEYS.alpha.pseudonym,
      { signer: OPERATOR },
    );
    const rejoined = merge(erased, stale);
    expect(exportContributor(rejoined, KEYS.alpha.pseudonym)).toMatchObject({ erased: true });
    expect(exportContributor(rejoined, KEYS.alpha.pseudonym).contributions.map((c) => c.id)).toEqual(['a-3']);
    expect(countContributions(rejoined)).toMatchObject({ counted: 1, fromErasedContributors: 1 });
    const cleaned = eraseContributor(rejoined, KEYS.alpha.pseudonym, { signer: OPERATOR });
    expect(exportContributor(cleaned, KEYS.alpha.pseudonym).contributions).toEqual([]);
    expect(countContributions(cleaned)).toMatchObject({ records: 1, counted: 1, fromErasedContributors: 0 });
  });
});

describe('exportContributor', () => {
  it('returns every record of the pseudonym as JSON-ready data, sorted by id', () => {
    const exported = exportContributor(seeded(), KEYS.alpha.pseudonym);
    expect(exported.contributor).toBe(KEYS.alpha.pseudonym);
    expect(exported.erased).toBe(false);
    expect(exported.contributions).toEqual([
      makeContribution({ id: 'a-1', contributor: KEYS.alpha.pseudonym }),
      makeContribution({ id: 'a-2', contributor: KEYS.alpha.pseudonym, strategy: 'rehost' }),
    ]);
    expect(JSON.parse(JSON.stringify(exported))).toEqual(exported);
    expect(exportContributor(seeded(), KEYS.nobody.pseudonym).contributions).toEqual([]);
  });

  it('does not match a pseudonym that only appears inside another field', () => {
    const doc = contribute(
      createNetwork({ networkId: 'acme', operators: OPERATORS }),
      makeContribution({
        id: 'x',
        contributor: KEYS.other.pseudonym,
        steps: [
          { action: 'note', durationSeconds: 1, success: false, error: '"contributor":"deploy-alpha"' },
        ],
      }),
      consent,
    );
    expect(exportContributor(doc, KEYS.alpha.pseudonym).contributions).toEqual([]);
    expect(networkSize(eraseContributor(doc, KEYS.alpha.pseudonym, { signer: OPERATOR })).records).toBe(1);
  });
});

describe('erasure signatures', () => {
  it('lets a pseudonym erase itself (its tombstone names it) and refuses any other signer', () => {
    const doc = eraseContributor(seeded(), KEYS.alpha.pseudonym, { signer: KEYS.alpha });
    expect(isContributorErased(doc, KEYS.alpha.pseudonym)).toBe(true);
    const tombstone = JSON.parse(Object.values(raw(doc).erasures)[0]!.val) as Record<string, string>;
    expect(tombstone).toMatchObject({ pseudonym: KEYS.alpha.pseudonym, signer: KEYS.alpha.pseudonym });
    const operator = eraseContributor(seeded(), KEYS.alpha.pseudonym, { signer: OPERATOR });
    expect(JSON.parse(Object.values(raw(operator).erasures)[0]!.val)).toEqual({
      signer: OPERATOR.pseudonym,
      signature: expect.stringMatching(/^[0-9a-f]{128}$/),
    });
    const before = seeded();
    expect(() => eraseContributor(before, KEYS.alpha.pseudonym, { signer: KEYS.bravo })).toThrow(
      expect.objectContaining({ code: 'E_VALIDATION' }),
    );
    expect(isContributorErased(before, KEYS.alpha.pseudonym)).toBe(false);
  });
});

describe('compact', () => {
  it('starts the next epoch with the surviving records and no trace of erased ones in its history', () => {
    const erased = eraseContributor(seeded(), KEYS.alpha.pseudonym, { signer: OPERATOR });
    expect(changeHistoryText(erased)).toContain(KEYS.alpha.pseudonym);
    const compacted = compact(erased);
    expect(networkInfo(compacted).epoch).toBe(1);
    expect(networkSize(compacted)).toMatchObject({ records: 1, erasures: 1, changes: 2 });
    expect(changeHistoryText(compacted)).not.toContain(KEYS.alpha.pseudonym);
    expect(new TextDecoder().decode(save(compacted))).not.toContain(KEYS.alpha.pseudonym);
    for (const state of Automerge.getHistory(raw(load(save(compacted))))) {
      expect(JSON.stringify(state.snapshot)).not.toContain(KEYS.alpha.pseudonym);
    }
    expect(listPatterns(compacted)).toEqual(listPatterns(erased));
    expect(isContributorErased(compacted, KEYS.alpha.pseudonym)).toBe(true);
  });

  it('gives independently compacted replicas of one epoch a shared genesis', () => {
    const one = compact(seeded());
    const two = compact(contribute(seeded(), makeContribution({ id: 'extra' }), consent));
    expect(countContributions(merge(one, two)).records).toBe(4);
  });
});

describe('adoptEpoch', () => {
  it('moves a stale replica to the new epoch, carrying its own records but never erased ones', () => {
    const shared = seeded();
    let stale = merge(createNetwork({ networkId: 'acme', operators: OPERATORS }), shared);
    stale = contribute(stale, makeContribution({ id: 'mine', contributor: KEYS.charlie.pseudonym }), consent);
    stale = contribute(stale, makeContribution({ id: 'a-late', contributor: KEYS.alpha.pseudonym }), consent);
    const compacted = compact(eraseContributor(shared, KEYS.alpha.pseudonym, { signer: OPERATOR }));

    const message = generateSyncMessage(compacted, initSyncState()).message!;
    let caught: unknown;
    try {
      receiveSyncMessage(stale, initSyncState(), message);
    } catch (error) {
      caught = error;
    }
    expect(isEpochMismatchError(caught)).toBe(true);
    expect(caught).toMatchObject({ localEpoch: 0, remoteEpoch: 1 });

    const adopted = adoptEpoch(stale, compacted);
    expect(networkInfo(adopted).epoch).toBe(1);
    expect(Object.keys(raw(adopted).records).sort()).toEqual(
      [`${KEYS.bravo.pseudonym}/b-1`, `${KEYS.charlie.pseudonym}/mine`].sort(),
    );
    expect(changeHistoryText(adopted)).not.toContain(KEYS.alpha.pseudonym);
    const backAtRegistry = merge(compacted, adopted);
    expect(countContributions(backAtRegistry)).toMatchObject({ counted: 2, contributors: 2 });
  });

  it('carries erasures made locally after the compaction and drops their records', () => {
    const compacted = compact(seeded());
    const local = eraseContributor(seeded(), KEYS.bravo.pseudonym, { signer: OPERATOR });
    const adopted = adoptEpoch(local, compacted);
    expect(isContributorErased(adopted, KEYS.bravo.pseudonym)).toBe(true);
    expect(exportContributor(adopted, KEYS.bravo.pseudonym).contributions).toEqual([]);
    expect(countContributions(adopted).counted).toBe(2);
  });

  it('merges on the same epoch and refuses an older epoch or another network', () => {
    const compacted = compact(seeded());
    const peer = contribute(
      merge(compact(createNetwork({ networkId: 'acme', operators: OPERATORS })), compacted),
      makeContribution({ id: 'n' }),
      consent,
    );
    expect(countContributions(adoptEpoch(compacted, peer)).records).toBe(4);

    let caught: unknown;
    try {
      adoptEpoch(compact(seeded()), seeded());
    } catch (error) {
      caught = error;
    }
    expect(isEpochMismatchError(caught)).toBe(true);
    try {
      adoptEpoch(seeded(), compact(createNetwork({ networkId: 'other' })));
    } catch (error) {
      caught = error;
    }
    expect(isNetworkMismatchError(caught)).toBe(true);
  });
});
