import * as Automerge from '@automerge/automerge';
import { isValidationError } from '@pollinate/core';
import { describe, expect, it } from 'vitest';
import { listPatterns } from './aggregates.js';
import { contribute } from './contributions.js';
import { genesisActor } from './digests.js';
import {
  createNetwork,
  genesisObjectIds,
  load,
  merge,
  type NetworkDoc,
  type NetworkState,
  networkInfo,
  networkSize,
  save,
} from './document.js';
import { isEpochMismatchError, isInvalidDocumentError, isNetworkMismatchError } from './errors.js';
import { consent, KEYS, makeContribution, raw } from './test-fixtures.js';

describe('createNetwork', () => {
  it('gives independently created replicas of one network the same genesis', () => {
    const here = createNetwork({ networkId: 'acme-migrations' });
    const there = createNetwork({ networkId: 'acme-migrations' });
    expect(networkInfo(here).heads).toEqual(networkInfo(there).heads);
    expect(networkInfo(here).heads).toHaveLength(1);
    expect(networkInfo(here).actor).not.toBe(networkInfo(there).actor);
    expect(networkInfo(here)).toMatchObject({ networkId: 'acme-migrations', epoch: 0 });
  });

  it('gives different networks and different epochs different genesis changes', () => {
    const a = networkInfo(createNetwork({ networkId: 'net-a' })).heads;
    const b = networkInfo(createNetwork({ networkId: 'net-b' })).heads;
    const a1 = networkInfo(createNetwork({ networkId: 'net-a', epoch: 1 })).heads;
    expect(new Set([a[0], b[0], a1[0]]).size).toBe(3);
  });

  it('merges independently created replicas without hiding either side in a conflict', () => {
    let here = createNetwork({ networkId: 'acme' });
    let there = createNetwork({ networkId: 'acme' });
    here = contribute(here, makeContribution({ id: 'h-1', contributor: KEYS.here.pseudonym }), consent);
    there = contribute(there, makeContribution({ id: 't-1', contributor: KEYS.there.pseudonym }), consent);
    const merged = merge(here, there);
    expect(Object.keys(raw(merged).records).sort()).toEqual(
      [`${KEYS.here.pseudonym}/h-1`, `${KEYS.there.pseudonym}/t-1`].sort(),
    );
    expect(Automerge.getConflicts(raw(merged), 'records')).toBeUndefined();
    expect(listPatterns(merged)[0]?.contributors).toBe(2);
  });

  it('writes the genesis maps with the object ids the sync validation expects', () => {
    const doc = raw(createNetwork({ networkId: 'acme', epoch: 7 }));
    const expected = genesisObjectIds('acme', 7);
    expect(Automerge.getObjectId(doc, 'records')).toBe(expected.records);
    expect(Automerge.getObjectId(doc, 'erasures')).toBe(expected.erasures);
    const [genesis] = Automerge.getAllChanges(doc);
    const decoded = Automerge.decodeChange(genesis!);
    expect(decoded.actor).toBe(genesisActor('acme', 7));
    expect(decoded.time).toBe(0);
  });

  it('uses the actor it is given and refuses the genesis actor', () => {
    expect(networkInfo(createNetwork({ networkId: 'acme', actor: 'abcd01' })).actor).toBe('abcd01');
    expect(() => createNetwork({ networkId: 'acme', actor: genesisActor('acme', 0) })).toThrow(
      expect.objectContaining({ code: 'E_VALIDATION' }),
    );
  });

  it.each([
    [{ networkId: '' }],
    [{ networkId: 'has space' }],
    [{ networkId: 'ok', epoch: -1 }],
    [{ networkId: 'ok', epoch: 1.5 }],
    [{ networkId: 'ok', actor: 'XYZ' }],
    [{ networkId: 'ok', extra: true }],
  ])('rejects invalid options %j with a ValidationError', (options) => {
    let caught: unknown;
    try {
      createNetwork(options as never);
    } catch (error) {
      caught = error;
    }
    expect(isValidationError(caught)).toBe(true);
  });
});

describe('save and load', () => {
  it('round-trips a replica with its records and heads', () => {
    let doc = createNetwork({ networkId: 'acme' });
    doc = contribute(doc, makeContribution({ id: 'a' }), consent);
    doc = contribute(doc, makeContribution({ id: 'b', contributor: KEYS.bravo.pseudonym }), consent);
    const loaded = load(save(doc), { actor: 'beef' });
    expect(networkInfo(loaded).heads).toEqual(networkInfo(doc).heads);
    expect(networkInfo(loaded).actor).toBe('beef');
    expect(listPatterns(loaded)).toEqual(listPatterns(doc));
    expect(networkSize(loaded)).toMatchObject({ records: 2, erasures: 0, changes: 3 });
    expect(networkSize(loaded).bytes).toBe(save(doc).length);
  });

  it('refuses bytes that are not a network document', () => {
    const notAutomerge = new TextEncoder().encode('definitely not automerge');
    const otherDoc = Automerge.save(Automerge.from({ hello: 'world' }));
    for (const bytes of [notAutomerge, new Uint8Array(), otherDoc]) {
      expect(() => load(bytes)).toThrow(expect.objectContaining({ code: 'E_INVALID_DOCUMENT' }));
    }
    expect(() => load('text' as never)).toThrow(expect.objectContaining({ code: 'E_INVALID_DOCUMENT' }));
  });

  it('refuses a document whose root maps were created independently of the genesis', () => {
    let doc = Automerge.init<NetworkState>();
    doc = Automerge.change(doc, (draft) => {
      draft.networkId = new Automerge.ImmutableString('acme');
      draft.epoch = 0;
      draft.format = 1;
      draft.records = {};
      draft.erasures = {};
    });
    let caught: unknown;
    try {
      load(Automerge.save(doc));
    } catch (error) {
      caught = error;
    }
    expect(isInvalidDocumentError(caught)).toBe(true);
  });

  it('verifies records unless told the bytes are trusted', () => {
    const tampered = Automerge.change(Automerge.clone(raw(createNetwork({ networkId: 'acme' }))), (draft) => {
      draft.records['bad'] = new Automerge.ImmutableString('{"id":"bad"}');
    });
    const bytes = Automerge.save(tampered);
    expect(() => load(bytes)).toThrow(/record "bad" is unsigned/);
    expect(networkSize(load(bytes, { verifyRecords: false })).records).toBe(1);
  });

  it('refuses a record stored under another id or that is not JSON', () => {
    const contribution = makeContribution({ id: 'x' });
    for (const [key, text] of [
      ['y', JSON.stringify(contribution)],
      ['x', JSON.stringify(contribution).slice(1)],
    ] as const) {
      const tampered = Automerge.change(
        Automerge.clone(raw(createNetwork({ networkId: 'acme' }))),
        (draft) => {
          draft.records[key] = new Automerge.ImmutableString(text);
        },
      );
      expect(() => load(Automerge.save(tampered))).toThrow(
        expect.objectContaining({ code: 'E_INVALID_DOCUMENT' }),
      );
    }
  });
});

describe('merge', () => {
  it('refuses replicas of another network or epoch and leaves the local one writable', () => {
    const local = createNetwork({ networkId: 'acme' });
    let caught: unknown;
    try {
      merge(local, createNetwork({ networkId: 'other' }));
    } catch (error) {
      caught = error;
    }
    expect(isNetworkMismatchError(caught)).toBe(true);
    try {
      merge(local, createNetwork({ networkId: 'acme', epoch: 3 }));
    } catch (error) {
      caught = error;
    }
    expect(isEpochMismatchError(caught)).toBe(true);
    expect(caught).toMatchObject({ localEpoch: 0, remoteEpoch: 3, reason: 'epoch-mismatch' });
    expect(networkSize(contribute(local, makeContribution(), consent)).records).toBe(1);
  });

  it('refuses values that are not network documents', () => {
    expect(() => merge({} as NetworkDoc, createNetwork({ networkId: 'acme' }))).toThrow(
      expect.objectContaining({ code: 'E_INVALID_DOCUMENT' }),
    );
    const plain = Automerge.from({ networkId: 'acme' }) as unknown as NetworkDoc;
    expect(() => networkInfo(plain)).toThrow(expect.objectContaining({ code: 'E_INVALID_DOCUMENT' }));
  });
});
