import * as Automerge from '@automerge/automerge';
import { canonicalJson, isValidationError } from '@pollinate/core';
import { describe, expect, it } from 'vitest';
import { contribute, contributeMany } from './contributions.js';
import { createNetwork, merge, networkInfo, networkSize } from './document.js';
import { eraseContributor, exportContributor } from './erasure.js';
import { isConsentRequiredError, isContributorErasedError } from './errors.js';
import { consent, erasing, KEYS, makeContribution, raw } from './test-fixtures.js';

function thrown(action: () => unknown): unknown {
  try {
    action();
  } catch (error) {
    return error;
  }
  throw new Error('expected the action to throw');
}

describe('contribute', () => {
  it('stores the contribution signed, as canonical JSON of its parsed form, keyed by contributor and id', () => {
    const doc = contribute(createNetwork({ networkId: 'acme' }), makeContribution({ id: 'm-1' }), consent);
    const stored = raw(doc).records[`${KEYS.alpha.pseudonym}/m-1`];
    expect(Automerge.isImmutableString(stored)).toBe(true);
    const record = JSON.parse(stored!.val) as { contribution: unknown; revision: number; signature: string };
    expect(stored?.val).toBe(canonicalJson(record));
    expect(record.contribution).toEqual(makeContribution({ id: 'm-1' }));
    expect(record.revision).toBe(0);
    expect(record.signature).toMatch(/^[0-9a-f]{128}$/);
  });

  it('refuses a contribution whose contributor is not the signer', () => {
    const doc = createNetwork({ networkId: 'acme' });
    const error = thrown(() =>
      contribute(doc, makeContribution({ contributor: KEYS.bravo.pseudonym }), {
        consent: true,
        signer: KEYS.alpha,
      }),
    );
    expect(error).toMatchObject({ code: 'E_VALIDATION', issues: [{ path: ['contributor'] }] });
    expect(networkSize(doc).records).toBe(0);
  });

  it.each([
    ['no options', undefined],
    ['consent false', { consent: false }],
    ['consent as a string', { consent: 'yes' }],
    ['empty options', {}],
  ])('refuses without explicit consent (%s) and writes nothing', (_, options) => {
    const doc = createNetwork({ networkId: 'acme' });
    const heads = networkInfo(doc).heads;
    const error = thrown(() => contribute(doc, makeContribution(), options as never));
    expect(isConsentRequiredError(error)).toBe(true);
    expect(error).toMatchObject({ code: 'E_CONSENT_REQUIRED' });
    expect(networkInfo(doc).heads).toEqual(heads);
    expect(networkSize(doc).records).toBe(0);
  });

  it('refuses an invalid contribution with a ValidationError naming the field, and writes nothing', () => {
    const doc = createNetwork({ networkId: 'acme' });
    const error = thrown(() => contribute(doc, { ...makeContribution(), durationHours: -1 }, consent));
    expect(isValidationError(error)).toBe(true);
    expect((error as { issues: { path: unknown[] }[] }).issues[0]?.path).toEqual(['durationHours']);
    expect(networkSize(doc).records).toBe(0);
    expect(isValidationError(thrown(() => contribute(doc, null, consent)))).toBe(true);
    expect(
      isValidationError(thrown(() => contribute(doc, { ...makeContribution(), extra: 1 }, consent))),
    ).toBe(true);
  });

  it('refuses ids that could pollute prototypes', () => {
    const doc = createNetwork({ networkId: 'acme' });
    for (const id of ['__proto__', 'constructor', 'prototype']) {
      const error = thrown(() => contribute(doc, makeContribution({ id }), consent));
      expect(isValidationError(error)).toBe(true);
    }
    expect(Object.getPrototypeOf(raw(doc).records)).toBe(Object.prototype);
  });

  it('refuses a "__proto__" key from parsed JSON anywhere in the contribution', () => {
    const doc = createNetwork({ networkId: 'acme' });
    const valid = JSON.stringify(makeContribution());
    const atRoot = JSON.parse(`{"__proto__":{"polluted":true},${valid.slice(1)}`);
    const inStep = JSON.parse(valid.replace('"action":', '"__proto__":{"polluted":true},"action":'));
    for (const input of [atRoot, inStep]) {
      expect(isValidationError(thrown(() => contribute(doc, input, consent)))).toBe(true);
    }
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
    expect(networkSize(doc).records).toBe(0);
  });

  it('is idempotent per contribution id: the same id again returns the same document', () => {
    const once = contribute(createNetwork({ networkId: 'acme' }), makeContribution(), consent);
    expect(contribute(once, makeContribution(), consent)).toBe(once);
    expect(contribute(once, makeContribution({ durationHours: 99 }), consent)).toBe(once);
    expect(networkInfo(once).heads).toHaveLength(1);
  });

  it('stores the same contribution identically whatever its key order, so replicas agree', () => {
    const contribution = makeContribution();
    const reversed = Object.fromEntries(Object.entries(contribution).reverse());
    const a = contribute(createNetwork({ networkId: 'acme' }), contribution, consent);
    const b = contribute(createNetwork({ networkId: 'acme' }), reversed, consent);
    const merged = merge(a, b);
    const key = `${contribution.contributor}/${contribution.id}`;
    expect(raw(merged).records[key]?.val).toBe(raw(a).records[key]?.val);
    expect(Automerge.getConflicts(raw(merged).records, key)).toBeDefined();
    expect(exportContributor(merged, contribution.contributor).contributions).toEqual([contribution]);
  });

  it('refuses contributions of an erased pseudonym', () => {
    let doc = contribute(createNetwork({ networkId: 'acme' }), makeContribution(), consent);
    doc = eraseContributor(doc, KEYS.alpha.pseudonym, erasing(KEYS.alpha.pseudonym));
    const error = thrown(() => contribute(doc, makeContribution({ id: 'm-2' }), consent));
    expect(isContributorErasedError(error)).toBe(true);
    expect(networkSize(doc).records).toBe(0);
  });
});

describe('superseded documents', () => {
  it('refuse writes with an InvalidDocumentError naming the cause', () => {
    const first = createNetwork({ networkId: 'acme' });
    const second = contribute(first, makeContribution({ id: 'a' }), consent);
    const error = thrown(() => contribute(first, makeContribution({ id: 'b' }), consent));
    expect(error).toMatchObject({ code: 'E_INVALID_DOCUMENT' });
    expect((error as Error).message).toMatch(/superseded/);
    expect(networkSize(contribute(second, makeContribution({ id: 'b' }), consent)).records).toBe(2);
    expect(
      thrown(() => eraseContributor(first, KEYS.alpha.pseudonym, erasing(KEYS.alpha.pseudonym))),
    ).toMatchObject({
      code: 'E_INVALID_DOCUMENT',
    });
  });
});

describe('contributeMany', () => {
  it('writes a batch in one change, skipping known ids and repeats', () => {
    let doc = contribute(createNetwork({ networkId: 'acme' }), makeContribution({ id: 'a' }), consent);
    const before = networkSize(doc).changes;
    doc = contributeMany(
      doc,
      [
        makeContribution({ id: 'a' }),
        makeContribution({ id: 'b' }),
        makeContribution({ id: 'b' }),
        makeContribution({ id: 'c' }),
      ],
      consent,
    );
    expect(networkSize(doc)).toMatchObject({ records: 3, changes: before + 1 });
  });

  it('refuses the whole batch when one contribution is bad, naming its index', () => {
    const doc = createNetwork({ networkId: 'acme' });
    const error = thrown(() =>
      contributeMany(
        doc,
        [makeContribution({ id: 'a' }), { ...makeContribution({ id: 'b' }), strategy: 'teleport' }],
        consent,
      ),
    );
    expect(isValidationError(error)).toBe(true);
    expect((error as { issues: { path: unknown[] }[] }).issues[0]?.path).toEqual([1, 'strategy']);
    expect(networkSize(doc).records).toBe(0);
  });

  it('refuses a batch containing an erased pseudonym and writes nothing', () => {
    const doc = eraseContributor(
      createNetwork({ networkId: 'acme' }),
      KEYS.bravo.pseudonym,
      erasing(KEYS.bravo.pseudonym),
    );
    const error = thrown(() =>
      contributeMany(
        doc,
        [makeContribution({ id: 'a' }), makeContribution({ id: 'b', contributor: KEYS.bravo.pseudonym })],
        consent,
      ),
    );
    expect(isContributorErasedError(error)).toBe(true);
    expect(networkSize(doc).records).toBe(0);
  });

  it('returns the same document for an empty batch and rejects a non-array', () => {
    const doc = createNetwork({ networkId: 'acme' });
    expect(contributeMany(doc, [], consent)).toBe(doc);
    expect(isValidationError(thrown(() => contributeMany(doc, 'nope' as never, consent)))).toBe(true);
  });
});
