import fc from 'fast-check';
import semver from 'semver';
import { describe, expect, it } from 'vitest';
import { type DependencyNodeInput, type Resolution, resolveDependencies } from './dependencies.js';

const ids = Array.from({ length: 8 }, (_, index) => `gen/p${index}`);
const version = fc
  .tuple(fc.nat(3), fc.nat(3), fc.nat(3))
  .map(([major, minor, patch]) => `${major}.${minor}.${patch}`);
const range = fc.oneof(
  version.map((v) => `^${v}`),
  version.map((v) => `~${v}`),
  version.map((v) => `>=${v}`),
  fc.tuple(version, version).map(([a, b]) => `>=${a} <${b}`),
  fc.constant('*'),
  fc.nat(3).map((major) => `${major}.x`),
);

/** A catalog over `ids`; with `acyclic`, a package only depends on ids after its own. */
function catalogArbitrary(acyclic: boolean) {
  const entry = fc.integer({ min: 0, max: ids.length - 1 }).chain((index) =>
    fc.record({
      id: fc.constant(ids[index]!),
      version,
      dependencies: fc
        .uniqueArray(fc.integer({ min: acyclic ? index + 1 : 0, max: ids.length }), { maxLength: 3 })
        .chain((targets) =>
          fc.tuple(
            ...targets.filter((t) => t < ids.length).map((t) => fc.tuple(fc.constant(ids[t]!), range)),
          ),
        )
        .map((pairs) => Object.fromEntries(pairs)),
    }),
  );
  return fc.array(entry, { maxLength: 30 });
}
const rootArbitrary = fc
  .uniqueArray(fc.integer({ min: 0, max: ids.length - 1 }), { minLength: 1, maxLength: 3 })
  .chain((targets) => fc.tuple(...targets.map((t) => fc.tuple(fc.constant(ids[t]!), range))))
  .map(
    (pairs): DependencyNodeInput => ({
      id: 'gen/root',
      version: '1.0.0',
      dependencies: Object.fromEntries(pairs),
    }),
  );

function chosenNodes(
  resolution: Resolution,
  root: DependencyNodeInput,
  catalog: readonly DependencyNodeInput[],
) {
  const nodes = [root];
  for (const [id, v] of Object.entries(resolution.resolved)) {
    const found = catalog.find((entry) => entry.id === id && entry.version === v);
    expect(found).toBeDefined();
    nodes.push(found!);
  }
  return nodes;
}

describe('resolveDependencies properties', () => {
  it('no chosen version violates a range on it, and every dependency of a chosen package is chosen', () => {
    fc.assert(
      fc.property(rootArbitrary, catalogArbitrary(false), (root, catalog) => {
        const resolution = resolveDependencies(root, catalog);
        const nodes = chosenNodes(resolution, root, catalog);
        for (const requester of nodes) {
          for (const [id, r] of Object.entries(requester.dependencies ?? {})) {
            const chosen = resolution.resolved[id];
            if (chosen !== undefined) expect(semver.satisfies(chosen, r)).toBe(true);
            if (resolution.ok && id !== root.id) expect(chosen).toBeDefined();
          }
        }
      }),
      { numRuns: 300 },
    );
  });

  it('the install order lists each chosen version once, dependencies first (acyclic catalogs)', () => {
    fc.assert(
      fc.property(rootArbitrary, catalogArbitrary(true), (root, catalog) => {
        const resolution = resolveDependencies(root, catalog);
        expect(resolution.cycles).toEqual([]);
        expect([...resolution.installOrder].sort()).toEqual(
          Object.entries(resolution.resolved)
            .map(([id, v]) => `${id}@${v}`)
            .sort(),
        );
        const position = new Map(
          resolution.installOrder.map((label, index) => [label.split('@')[0]!, index]),
        );
        for (const requester of chosenNodes(resolution, root, catalog).slice(1)) {
          for (const id of Object.keys(requester.dependencies ?? {})) {
            if (position.has(id)) expect(position.get(id)!).toBeLessThan(position.get(requester.id)!);
          }
        }
      }),
      { numRuns: 300 },
    );
  });

  it('is deterministic: same result for the same catalog in any order', () => {
    fc.assert(
      fc.property(rootArbitrary, catalogArbitrary(false), fc.nat(), (root, catalog, seed) => {
        const shuffled = [...catalog].sort(
          (a, b) =>
            ((hash(`${a.id}${a.version}`) ^ seed) >>> 0) - ((hash(`${b.id}${b.version}`) ^ seed) >>> 0),
        );
        const first = resolveDependencies(root, catalog);
        const dedupedFirst = resolveDependencies(root, dedupe(catalog));
        expect(resolveDependencies(root, catalog)).toEqual(first);
        expect(resolveDependencies(root, dedupe(shuffled))).toEqual(dedupedFirst);
      }),
      { numRuns: 200 },
    );
  });

  it('every reported cycle is a real path among chosen versions', () => {
    fc.assert(
      fc.property(rootArbitrary, catalogArbitrary(false), (root, catalog) => {
        const resolution = resolveDependencies(root, catalog);
        const nodes = new Map(chosenNodes(resolution, root, catalog).map((n) => [n.id, n]));
        for (const cycle of resolution.cycles) {
          expect(cycle.length).toBeGreaterThanOrEqual(2);
          expect(cycle[0]).toBe(cycle[cycle.length - 1]);
          for (let index = 0; index + 1 < cycle.length; index += 1) {
            expect(Object.keys(nodes.get(cycle[index]!)?.dependencies ?? {})).toContain(cycle[index + 1]);
          }
        }
      }),
      { numRuns: 200 },
    );
  });
});

/** Keeps one entry per id@version (the resolver keeps the first, so order matters only for duplicates). */
function dedupe(catalog: readonly DependencyNodeInput[]): DependencyNodeInput[] {
  const seen = new Set<string>();
  return catalog.filter((entry) => {
    const key = `${entry.id}@${entry.version}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function hash(text: string): number {
  let value = 2166136261;
  for (let index = 0; index < text.length; index += 1)
    value = Math.imul(value ^ text.charCodeAt(index), 16777619);
  return value >>> 0;
}
