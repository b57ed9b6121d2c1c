import { describe, expect, it } from 'vitest';
import { ValidationError } from './errors.js';
import { fingerprint } from './fingerprint.js';
import {
  forkListing,
  ImprovementProposalSchema,
  LineageError,
  lineage,
  proposeImprovement,
} from './lineage.js';
import type { ListingInput } from './listing.js';
import { parseListing } from './parse.js';

const parent = parseListing({
  id: 'acme/circuit-breaker',
  name: 'Circuit Breaker',
  version: '2.1.0',
  publisher: { id: 'acme', name: 'Acme' },
  category: 'resilience',
  tags: ['resilience', 'fault-tolerance'],
  license: 'MIT',
  rating: { overall: 4.5, reviewCount: 12 },
  adoption: { downloads: 900, activeInstalls: 40, organizations: 7 },
  dependencies: { 'acme/metrics': '^1' },
  publishedAt: '2026-01-01T00:00:00Z',
  fingerprint: `sha256-${'A'.repeat(43)}=`,
});

const forkChanges = {
  id: 'payments/circuit-breaker',
  publisher: { id: 'payments', name: 'Payments' },
  publishedAt: '2026-11-21T10:00:00Z',
};

describe('forkListing', () => {
  it('copies the parent, sets forkOf and resets what does not carry over', () => {
    const fork = forkListing(parent, { ...forkChanges, description: 'With metrics per tenant' });
    expect(fork.forkOf).toEqual({ id: 'acme/circuit-breaker', version: '2.1.0' });
    expect(fork).toMatchObject({
      id: 'payments/circuit-breaker',
      name: 'Circuit Breaker',
      version: '2.1.0',
      tags: ['resilience', 'fault-tolerance'],
      dependencies: { 'acme/metrics': '^1' },
      description: 'With metrics per tenant',
      adoption: { downloads: 0, activeInstalls: 0, organizations: 0 },
    });
    expect(fork.rating).toBeUndefined();
    expect(fork.fingerprint).toBeUndefined();
    expect(parent.id).toBe('acme/circuit-breaker');
  });

  it('keeps parent values the fork does not name (no defaults overwrite them)', () => {
    const fork = forkListing(parent, { ...forkChanges, version: '1.0.0' });
    expect(fork.tags).toEqual(parent.tags);
    expect(fork.version).toBe('1.0.0');
  });

  it('rejects a fork onto the parent id with E_FORK_SAME_ID', () => {
    expect(() => forkListing(parent, { ...forkChanges, id: parent.id, publisher: parent.publisher })).toThrow(
      LineageError,
    );
    try {
      forkListing(parent, { ...forkChanges, id: parent.id, publisher: parent.publisher });
    } catch (error) {
      expect((error as LineageError).code).toBe('E_FORK_SAME_ID');
    }
  });

  it('validates the changes and the result', () => {
    expect(() => forkListing(parent, { ...forkChanges, id: 'other/circuit-breaker' })).toThrow(
      ValidationError,
    );
    expect(() => forkListing(parent, { ...forkChanges, rating: { overall: 5 } } as never)).toThrow(
      ValidationError,
    );
    expect(() => forkListing(parent, { id: 'payments/x' } as never)).toThrow(ValidationError);
    expect(() => forkListing({} as ListingInput, forkChanges)).toThrow(ValidationError);
    expect(() =>
      forkListing(parent, JSON.parse(`{"__proto__":{"polluted":true},"id":"payments/x"}`)),
    ).toThrow(ValidationError);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });
});

describe('lineage', () => {
  const listing = (id: string, version: string, forkOf?: { id: string; version: string }) => ({
    id,
    version,
    forkOf,
  });
  const catalog = [
    listing('a/root', '1.0.0'),
    listing('a/root', '2.0.0'),
    listing('b/fork', '1.0.0', { id: 'a/root', version: '1.0.0' }),
    listing('c/fork', '3.0.0', { id: 'a/root', version: '2.0.0' }),
    listing('d/grandchild', '1.0.0', { id: 'b/fork', version: '1.0.0' }),
    listing('e/orphan', '1.0.0', { id: 'gone/parent', version: '0.1.0' }),
  ];

  it('lists ancestors nearest first and descendants breadth-first with depth', () => {
    expect(lineage(catalog, 'd/grandchild')).toEqual({
      id: 'd/grandchild',
      ancestors: [
        { id: 'b/fork', version: '1.0.0', depth: 1, known: true },
        { id: 'a/root', version: '1.0.0', depth: 2, known: true },
      ],
      descendants: [],
      cycle: [],
    });
    expect(lineage(catalog, 'a/root').descendants).toEqual([
      { id: 'b/fork', version: '1.0.0', depth: 1, parent: 'a/root', forkedFromVersion: '1.0.0' },
      { id: 'c/fork', version: '3.0.0', depth: 1, parent: 'a/root', forkedFromVersion: '2.0.0' },
      { id: 'd/grandchild', version: '1.0.0', depth: 2, parent: 'b/fork', forkedFromVersion: '1.0.0' },
    ]);
  });

  it('stops at an unknown ancestor and answers for unknown ids', () => {
    expect(lineage(catalog, 'e/orphan').ancestors).toEqual([
      { id: 'gone/parent', version: '0.1.0', depth: 1, known: false },
    ]);
    expect(lineage(catalog, 'z/none')).toEqual({ id: 'z/none', ancestors: [], descendants: [], cycle: [] });
  });

  it('reads forkOf from the highest version of each id', () => {
    const moved = [...catalog, listing('b/fork', '2.0.0', { id: 'c/fork', version: '3.0.0' })];
    expect(lineage(moved, 'b/fork').ancestors.map((a) => a.id)).toEqual(['c/fork', 'a/root']);
  });

  it('is safe on cyclic data and reports the cycle', () => {
    const cyclic = [
      listing('x/a', '1.0.0', { id: 'x/c', version: '1.0.0' }),
      listing('x/b', '1.0.0', { id: 'x/a', version: '1.0.0' }),
      listing('x/c', '1.0.0', { id: 'x/b', version: '1.0.0' }),
    ];
    const result = lineage(cyclic, 'x/a');
    expect(result.ancestors.map((a) => a.id)).toEqual(['x/c', 'x/b']);
    expect(result.cycle).toEqual(['x/a', 'x/c', 'x/b', 'x/a']);
    expect(result.descendants.map((d) => d.id)).toEqual(['x/b', 'x/c']);
  });

  it('rejects malformed listings with a ValidationError', () => {
    expect(() => lineage([{ id: 'x/a', version: 'one' }] as never, 'x/a')).toThrow(ValidationError);
    expect(() => lineage('catalog' as never, 'x/a')).toThrow(ValidationError);
    expect(() => lineage([], 42 as never)).toThrow(ValidationError);
  });
});

describe('proposeImprovement', () => {
  const fork = forkListing(parent, forkChanges);
  const details = {
    title: 'Per-tenant metrics',
    description: 'Count trips per tenant.',
    changes: [{ kind: 'feature' as const, summary: 'Tenant label on metrics', location: 'src/metrics.ts' }],
  };

  it('links the fork back to its parent with a content-derived id', () => {
    const proposal = proposeImprovement(fork, parent, details);
    expect(ImprovementProposalSchema.parse(proposal)).toEqual(proposal);
    expect(proposal).toMatchObject({
      fork: { id: 'payments/circuit-breaker', version: '2.1.0' },
      proposer: { id: 'payments', name: 'Payments' },
      parent: { id: 'acme/circuit-breaker', version: '2.1.0' },
      status: 'open',
    });
    const { id, ...rest } = proposal;
    expect(id).toBe(fingerprint(rest));
    expect(proposeImprovement(fork, parent, details).id).toBe(id);
    expect(proposeImprovement(fork, parent, { ...details, title: 'Other' }).id).not.toBe(id);
  });

  it('refuses a listing that is not a fork of the target', () => {
    try {
      proposeImprovement(parent, fork, details);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(LineageError);
      expect((error as LineageError).code).toBe('E_NOT_A_FORK');
    }
  });

  it('validates the details', () => {
    expect(() => proposeImprovement(fork, parent, { ...details, changes: [] })).toThrow(ValidationError);
    expect(() => proposeImprovement(fork, parent, { ...details, title: '' })).toThrow(ValidationError);
    expect(() => proposeImprovement(fork, parent, { ...details, createdAt: 'yesterday' })).toThrow(
      ValidationError,
    );
    expect(() => proposeImprovement(fork, parent, null as never)).toThrow(ValidationError);
  });
});
