import { describe, expect, it } from 'vitest';
import { createCatalog, type DependencyNodeInput, resolveDependencies } from './dependencies.js';
import { PollinateError, ValidationError } from './errors.js';

const node = (
  id: string,
  version: string,
  dependencies: Record<string, string> = {},
): DependencyNodeInput => ({
  id,
  version,
  dependencies,
});

describe('resolveDependencies', () => {
  it('picks the highest version satisfying every range and orders dependencies first', () => {
    const resolution = resolveDependencies(
      node('acme/app', '1.0.0', { 'acme/retry': '^1.2.0', 'acme/log': '*' }),
      [
        node('acme/retry', '1.2.0', { 'acme/backoff': '^2' }),
        node('acme/retry', '1.4.1', { 'acme/backoff': '^2.1' }),
        node('acme/retry', '2.0.0', { 'acme/backoff': '^3' }),
        node('acme/backoff', '2.3.0'),
        node('acme/backoff', '2.0.0'),
        node('acme/backoff', '3.0.0'),
        node('acme/log', '1.0.0', { 'acme/backoff': '~2.0.0 || ~2.3.0' }),
      ],
    );
    expect(resolution.ok).toBe(true);
    expect(resolution.resolved).toEqual({
      'acme/backoff': '2.3.0',
      'acme/log': '1.0.0',
      'acme/retry': '1.4.1',
    });
    expect(resolution.installOrder).toEqual(['acme/backoff@2.3.0', 'acme/log@1.0.0', 'acme/retry@1.4.1']);
    expect(resolution).toMatchObject({ missing: [], conflicts: [], cycles: [], converged: true });
  });

  it('lowers a shared dependency to satisfy a range found later', () => {
    const resolution = resolveDependencies(
      node('acme/app', '1.0.0', { 'acme/a': '^1', 'acme/shared': '^1' }),
      [
        node('acme/a', '1.0.0', { 'acme/b': '^1' }),
        node('acme/b', '1.0.0', { 'acme/shared': '~1.1.0' }),
        node('acme/shared', '1.1.4'),
        node('acme/shared', '1.5.0'),
      ],
    );
    expect(resolution.ok).toBe(true);
    expect(resolution.resolved['acme/shared']).toBe('1.1.4');
    // PubGrub decides acme/app, acme/a, acme/b, then acme/shared (1.1.4: acme/b's ~1.1.0 is derived first): four steps.
    expect(resolution.rounds).toBe(4);
  });

  it('reports missing packages with who asked', () => {
    const resolution = resolveDependencies(
      node('acme/app', '1.0.0', { 'acme/a': '^1', 'acme/ghost': '^1' }),
      [node('acme/a', '1.0.0', { 'acme/ghost': '^1.2' })],
    );
    expect(resolution.ok).toBe(false);
    expect(resolution.missing).toEqual([
      { id: 'acme/ghost', requestedBy: 'acme/a@1.0.0', range: '^1.2' },
      { id: 'acme/ghost', requestedBy: 'acme/app@1.0.0', range: '^1' },
    ]);
    expect(resolution.resolved).toEqual({ 'acme/a': '1.0.0' });
  });

  it('reports unsatisfiable ranges with every request and the available versions', () => {
    const resolution = resolveDependencies(
      node('acme/app', '1.0.0', { 'acme/a': '^1', 'acme/shared': '^2' }),
      [
        node('acme/a', '1.0.0', { 'acme/shared': '^1' }),
        node('acme/shared', '1.0.0'),
        node('acme/shared', '2.0.0'),
      ],
    );
    expect(resolution.ok).toBe(false);
    expect(resolution.conflicts).toEqual([
      {
        id: 'acme/shared',
        ranges: [
          { requestedBy: 'acme/a@1.0.0', range: '^1' },
          { requestedBy: 'acme/app@1.0.0', range: '^2' },
        ],
        available: ['2.0.0', '1.0.0'],
      },
    ]);
    expect(resolution.installOrder).toEqual(['acme/a@1.0.0']);
  });

  it('reports cycles with their path, and allowCycles keeps ok', () => {
    const catalog = [
      node('acme/a', '1.0.0', { 'acme/b': '^1' }),
      node('acme/b', '1.0.0', { 'acme/c': '^1' }),
      node('acme/c', '1.0.0', { 'acme/a': '^1' }),
    ];
    const root = node('acme/app', '1.0.0', { 'acme/a': '^1' });
    const resolution = resolveDependencies(root, catalog);
    expect(resolution.ok).toBe(false);
    expect(resolution.cycles).toEqual([['acme/a', 'acme/b', 'acme/c', 'acme/a']]);
    expect(resolution.installOrder).toEqual(['acme/c@1.0.0', 'acme/b@1.0.0', 'acme/a@1.0.0']);
    expect(resolveDependencies(root, catalog, { allowCycles: true }).ok).toBe(true);
  });

  it('pins the root: a dependency back on it is a cycle, or a conflict when its version does not fit', () => {
    const root = node('acme/app', '1.0.0', { 'acme/plugin': '^1' });
    const back = resolveDependencies(root, [
      node('acme/plugin', '1.0.0', { 'acme/app': '^1' }),
      node('acme/app', '9.0.0'),
    ]);
    expect(back.cycles).toEqual([['acme/app', 'acme/plugin', 'acme/app']]);
    expect(back.resolved).toEqual({ 'acme/plugin': '1.0.0' });
    const wrong = resolveDependencies(root, [node('acme/plugin', '1.0.0', { 'acme/app': '^2' })]);
    expect(wrong.conflicts).toEqual([
      { id: 'acme/app', ranges: [{ requestedBy: 'acme/plugin@1.0.0', range: '^2' }], available: ['1.0.0'] },
    ]);
  });

  it('settles a graph a greedy search oscillated on; maxRounds still bounds the search', () => {
    // A@1.1 wants B ^1; B@2 wants A 1.0.x. The old greedy resolver flipped between
    // {A 1.1, B 2} and {A 1.0, B 1} forever; PubGrub backtracks to a solution.
    const root = node('acme/app', '1.0.0', { 'acme/a': '^1', 'acme/b': '*' });
    const catalog = [
      node('acme/a', '1.0.0'),
      node('acme/a', '1.1.0', { 'acme/b': '^1' }),
      node('acme/b', '1.0.0'),
      node('acme/b', '2.0.0', { 'acme/a': '1.0.x' }),
    ];
    const resolution = resolveDependencies(root, catalog);
    expect(resolution.ok).toBe(true);
    expect(resolution.converged).toBe(true);
    expect(Object.keys(resolution.resolved)).toEqual(['acme/a', 'acme/b']);
    const capped = resolveDependencies(root, catalog, { maxRounds: 2 });
    expect(capped).toMatchObject({ ok: false, converged: false });
  });

  it('backtracks to an older version of one dependency (the planted case)', () => {
    // The newest acme/a needs acme/c ^2, which acme/b rules out; only acme/a 1.x resolves.
    const resolution = resolveDependencies(node('acme/app', '1.0.0', { 'acme/a': '*', 'acme/b': '^1' }), [
      node('acme/a', '2.0.0', { 'acme/c': '^2' }),
      node('acme/a', '1.5.0', { 'acme/c': '^1' }),
      node('acme/b', '1.0.0', { 'acme/c': '^1.2' }),
      node('acme/b', '1.1.0', { 'acme/c': '^1.2', 'acme/d': '^1' }),
      node('acme/c', '1.1.0'),
      node('acme/c', '1.3.0'),
      node('acme/c', '2.0.0'),
      node('acme/d', '1.0.0'),
    ]);
    expect(resolution.ok).toBe(true);
    expect(resolution.resolved).toEqual({
      'acme/a': '1.5.0',
      'acme/b': '1.1.0',
      'acme/c': '1.3.0',
      'acme/d': '1.0.0',
    });
    expect(resolution.explanation).toEqual([]);
    expect(resolution.chain).toEqual([]);
  });

  it('explains a failure as the chain of requirements that conflict', () => {
    const resolution = resolveDependencies(
      node('acme/app', '1.0.0', { 'acme/a': '^1', 'acme/shared': '^2' }),
      [
        node('acme/a', '1.0.0', { 'acme/shared': '^1' }),
        node('acme/a', '1.1.0', { 'acme/shared': '^1.1' }),
        node('acme/shared', '1.0.0'),
        node('acme/shared', '1.1.0'),
        node('acme/shared', '2.0.0'),
      ],
    );
    expect(resolution.ok).toBe(false);
    expect(resolution.chain).toEqual(
      expect.arrayContaining([
        { kind: 'dependency', requestedBy: 'acme/app@1.0.0', id: 'acme/shared', range: '^2' },
        { kind: 'dependency', requestedBy: 'acme/app@1.0.0', id: 'acme/a', range: '^1' },
        { kind: 'dependency', requestedBy: 'acme/a@1.0.0', id: 'acme/shared', range: '^1' },
        { kind: 'dependency', requestedBy: 'acme/a@1.1.0', id: 'acme/shared', range: '^1.1' },
      ]),
    );
    expect(resolution.explanation.at(-1)).toMatch(/version solving failed/);
    expect(resolution.explanation.join('\n')).toMatch(/acme\/a@1\.1\.0 depends on acme\/shared \^1\.1/);
    expect(resolution.conflicts.map((conflict) => conflict.id)).toEqual(['acme/shared']);
  });

  it('uses prereleases only when asked', () => {
    const catalog = [node('acme/a', '1.0.0'), node('acme/a', '1.1.0-beta.1')];
    const root = node('acme/app', '1.0.0', { 'acme/a': '>=1.0.0' });
    expect(resolveDependencies(root, catalog).resolved).toEqual({ 'acme/a': '1.0.0' });
    expect(resolveDependencies(root, catalog, { includePrerelease: true }).resolved).toEqual({
      'acme/a': '1.1.0-beta.1',
    });
  });

  it('accepts a lookup function and a prebuilt catalog, with the same result', () => {
    const entries = [
      node('acme/a', '1.0.0', { 'acme/b': '^1' }),
      node('acme/b', '1.3.0'),
      node('acme/b', '1.2.0'),
    ];
    const root = node('acme/app', '1.0.0', { 'acme/a': '^1' });
    const asked: string[] = [];
    const lookup = (id: string) => {
      asked.push(id);
      return entries.filter((entry) => entry.id === id);
    };
    const fromArray = resolveDependencies(root, entries);
    expect(resolveDependencies(root, lookup)).toEqual(fromArray);
    expect(resolveDependencies(root, createCatalog(entries))).toEqual(fromArray);
    expect(new Set(asked)).toEqual(new Set(['acme/a', 'acme/b']));
  });

  it('takes a listing as root and ignores its other fields', () => {
    const listing = {
      id: 'acme/app',
      version: '1.0.0',
      name: 'App',
      publisher: { id: 'acme', name: 'Acme' },
      dependencies: { 'acme/a': '^1' },
    };
    expect(resolveDependencies(listing, [node('acme/a', '1.0.0')]).installOrder).toEqual(['acme/a@1.0.0']);
  });

  it('keeps the first of duplicate id@version entries', () => {
    const catalog = createCatalog([node('acme/a', '1.0.0', { 'acme/b': '^1' }), node('acme/a', '1.0.0')]);
    expect(catalog.versions('acme/a')).toHaveLength(1);
    expect(catalog.versions('acme/a')[0]?.dependencies).toEqual({ 'acme/b': '^1' });
    expect(catalog.versions('acme/none')).toEqual([]);
  });

  it('throws typed errors for bad input', () => {
    const root = node('acme/app', '1.0.0', { 'acme/a': '^1' });
    expect(() => resolveDependencies({ id: 'App', version: '1' } as never, [])).toThrow(ValidationError);
    expect(() => resolveDependencies(node('acme/app', '1.0.0', { 'acme/a': '>>1' }), [])).toThrow(
      ValidationError,
    );
    expect(() => resolveDependencies(root, [{ id: 'acme/a', version: 'one' }])).toThrow(ValidationError);
    expect(() => resolveDependencies(root, () => [{ id: 'acme/a' } as never])).toThrow(ValidationError);
    expect(() => resolveDependencies(root, 'catalog' as never)).toThrow(ValidationError);
    expect(() =>
      resolveDependencies(
        JSON.parse('{"id":"acme/app","version":"1.0.0","dependencies":{"__proto__":"^1"}}'),
        [],
      ),
    ).toThrow(ValidationError);
    expect(() => resolveDependencies(root, [], { maxRounds: 0 })).toThrow(PollinateError);
    expect(() => resolveDependencies(root, [], { maxRounds: 1.5 })).toThrow(PollinateError);
    expect(Object.prototype).not.toHaveProperty('^1');
  });
});
