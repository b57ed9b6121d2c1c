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
import { changeHistoryText, consent, makeContribution, raw } from './test-fixtures.js';

function seeded(): NetworkDoc {
  return contributeMany(
    createNetwork({ networkId: 'acme' }),
    [
      makeContribution({ id: 'a-1', contributor: 'deploy-alpha' }),
      makeContribution({ id: 'a-2', contributor: 'deploy-alpha', strategy: 'rehost' }),
      makeContribution({ id: 'b-1', contributor: 'deploy-bravo' }),
    ],
    consent,
  );
}

describe('eraseContributor', () => {
  it('removes every record of the pseudonym and records only a digest of it', () => {
    const doc = eraseContributor(seeded(), 'deploy-alpha');
    expect(Object.keys(raw(doc).records)).toEqual(['b-1']);
    expect(Object.keys(raw(doc).erasures)).toEqual([erasureDigest('acme', 'deploy-alpha')]);
    expect(JSON.stringify(Automerge.toJS(raw(doc)))).not.toContain('deploy-alpha');
    expect(isContributorErased(doc, 'deploy-alpha')).toBe(true);
    expect(isContributorErased(doc, 'deploy-bravo')).toBe(false);
    expect(listPatterns(doc)).toHaveLength(1);
  });

  it('changes nothing when erasing again with nothing left, and rejects a non-pseudonym', () => {
    const once = eraseContributor(seeded(), 'deploy-alpha');
    expect(eraseContributor(once, 'deploy-alpha')).toBe(once);
    let caught: unknown;
    try {
      eraseContributor(once, 'x');
    } catch (error) {
      caught = error;
    }
    expect(isValidationError(caught)).toBe(true);
  });

  it('drops records a stale replica sent back when erasing again', () => {
    const base = seeded();
    const stale = contribute(
      merge(createNetwork({ networkId: 'acme' }), base),
      makeContribution({ id: 'a-3' }),
      consent,
    );
    const erased = eraseContributor(merge(createNetwork({ networkId: 'acme' }), base), 'deploy-alpha');
    const rejoined = merge(erased, stale);
    expect(exportContributor(rejoined, 'deploy-alpha')).toMatchObject({ erased: true });
    expect(exportContributor(rejoined, 'deploy-alpha').contributions.map((c) => c.id)).toEqual(['a-3']);
    expect(countContributions(rejoined)).toMatchObject({ counted: 1, fromErasedContributors: 1 });
    const cleaned = eraseContributor(rejoined, 'deploy-alpha');
    expect(exportContributor(cleaned, 'deploy-alpha').contributions).toEqual([]);
    expect(countContributions(cleaned)).toMatchObject({ records: 1, counted: 1, fromErasedContributors: 0 });
  });
});

describe('exportContributor', () => {
  it('returns every record of the pseudonym as JSON-ready data, sorted by id', () => {
    const exported = exportContributor(seeded(), 'deploy-alpha');
    expect(exported.contributor).toBe('deploy-alpha');
    expect(exported.erased).toBe(false);
    expect(exported.contributions).toEqual([
      makeContribution({ id: 'a-1', contributor: 'deploy-alpha' }),
      makeContribution({ id: 'a-2', contributor: 'deploy-alpha', strategy: 'rehost' }),
    ]);
    expect(JSON.parse(JSON.stringify(exported))).toEqual(exported);
    expect(exportContributor(seeded(), 'deploy-nobody').contributions).toEqual([]);
  });

  it('does not match a pseudonym that only appears inside another field', () => {
    const doc = contribute(
      createNetwork({ networkId: 'acme' }),
      makeContribution({
        id: 'x',
        contributor: 'deploy-other',
        steps: [
          { action: 'note', durationSeconds: 1, success: false, error: '"contributor":"deploy-alpha"' },
        ],
      }),
      consent,
    );
    expect(exportContributor(doc, 'deploy-alpha').contributions).toEqual([]);
    expect(networkSize(eraseContributor(doc, 'deploy-alpha')).records).toBe(1);
  });
});

describe('compact', () => {
  it('starts the next epoch with the surviving records and no trace of erased ones in its history', () => {
    const erased = eraseContributor(seeded(), 'deploy-alpha');
    expect(changeHistoryText(erased)).toContain('deploy-alpha');
    const compacted = compact(erased);
    expect(networkInfo(compacted).epoch).toBe(1);
    expect(networkSize(compacted)).toMatchObject({ records: 1, erasures: 1, changes: 2 });
    expect(changeHistoryText(compacted)).not.toContain('deploy-alpha');
    expect(new TextDecoder().decode(save(compacted))).not.toContain('deploy-alpha');
    for (const state of Automerge.getHistory(raw(load(save(compacted))))) {
      expect(JSON.stringify(state.snapshot)).not.toContain('deploy-alpha');
    }
    expect(listPatterns(compacted)).toEqual(listPatterns(erased));
    expect(isContributorErased(compacted, 'deploy-alpha')).toBe(true);
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
    let stale = merge(createNetwork({ networkId: 'acme' }), shared);
    stale = contribute(stale, makeContribution({ id: 'mine', contributor: 'deploy-charlie' }), consent);
    stale = contribute(stale, makeContribution({ id: 'a-late', contributor: 'deploy-alpha' }), consent);
    const compacted = compact(eraseContributor(shared, 'deploy-alpha'));

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
    expect(Object.keys(raw(adopted).records).sort()).toEqual(['b-1', 'mine']);
    expect(changeHistoryText(adopted)).not.toContain('deploy-alpha');
    const backAtRegistry = merge(compacted, adopted);
    expect(countContributions(backAtRegistry)).toMatchObject({ counted: 2, contributors: 2 });
  });

  it('carries erasures made locally after the compaction and drops their records', () => {
    const compacted = compact(seeded());
    const local = eraseContributor(seeded(), 'deploy-bravo');
    const adopted = adoptEpoch(local, compacted);
    expect(isContributorErased(adopted, 'deploy-bravo')).toBe(true);
    expect(exportContributor(adopted, 'deploy-bravo').contributions).toEqual([]);
    expect(countContributions(adopted).counted).toBe(2);
  });

  it('merges on the same epoch and refuses an older epoch or another network', () => {
    const compacted = compact(seeded());
    const peer = contribute(
      merge(compact(createNetwork({ networkId: 'acme' })), compacted),
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
