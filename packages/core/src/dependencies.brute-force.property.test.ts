// The resolver against brute force on small random catalogs: it finds a solution exactly when
// one exists, every solution it returns is valid, it prefers newest versions (no chosen
// package could take a higher version with the others unchanged), and a failure names real
// requirements.
import fc from 'fast-check';
import semver from 'semver';
import { describe, expect, it } from 'vitest';
import { type DependencyNodeInput, resolveDependencies } from './dependencies.js';

const ids = ['gen/a', 'gen/b', 'gen/c', 'gen/d', 'gen/e'];
const ROOT = 'gen/root';
const version = fc.constantFrom('1.0.0', '1.1.0', '1.2.0', '2.0.0', '2.1.0', '3.0.0');
const range = fc.constantFrom(
  '*',
  '*',
  '>=1',
  '^1',
  '^1.1',
  '~1.0',
  '^2',
  '>=2',
  '<2',
  '1.2.0 || 3.0.0',
  '>=1.1 <2.1',
);
const dependencies = fc
  .uniqueArray(fc.constantFrom(...ids), { maxLength: 2 })
  .chain((targets) => fc.tuple(...targets.map((target) => fc.tuple(fc.constant(target), range))))
  .map((pairs) => Object.fromEntries(pairs) as Record<string, string>);
// One to three versions of each id (none of gen/e at times, so missing packages occur too).
const catalogArbitrary = fc
  .tuple(
    ...ids.map((id) =>
      fc.uniqueArray(fc.record({ id: fc.constant(id), version, dependencies }), {
        minLength: id === 'gen/e' ? 0 : 1,
        maxLength: 3,
        selector: (entry) => entry.version,
      }),
    ),
  )
  .map((perId) => perId.flat());
const rootArbitrary = fc
  .uniqueArray(fc.constantFrom(...ids), { minLength: 1, maxLength: 3 })
  .chain((targets) => fc.tuple(...targets.map((target) => fc.tuple(fc.constant(target), range))))
  .map(
    (pairs): DependencyNodeInput => ({ id: ROOT, version: '1.0.0', dependencies: Object.fromEntries(pairs) }),
  );

type Assignment = Map<string, string>; // id → version; absent = not selected

function isValid(
  root: DependencyNodeInput,
  catalog: readonly DependencyNodeInput[],
  assignment: Assignment,
): boolean {
  const nodeOf = (id: string, v: string) => catalog.find((entry) => entry.id === id && entry.version === v);
  const selected: DependencyNodeInput[] = [root];
  for (const [id, v] of assignment) selected.push(nodeOf(id, v)!);
  for (const node of selected) {
    for (const [id, r] of Object.entries(node.dependencies ?? {})) {
      const chosen = id === ROOT ? root.version : assignment.get(id);
      if (chosen === undefined || !semver.satisfies(chosen, r)) return false;
    }
  }
  return true;
}

/** Every assignment of (not selected | one of its versions) to each id, until `found` says stop. */
function anySolution(
  root: DependencyNodeInput,
  catalog: readonly DependencyNodeInput[],
): Assignment | undefined {
  const options = ids.map((id) => [undefined, ...catalog.filter((e) => e.id === id).map((e) => e.version)]);
  const assignment: Assignment = new Map();
  const search = (index: number): boolean => {
    if (index === ids.length) return isValid(root, catalog, assignment);
    for (const option of options[index]!) {
      if (option === undefined) assignment.delete(ids[index]!);
      else assignment.set(ids[index]!, option);
      if (search(index + 1)) return true;
    }
    assignment.delete(ids[index]!);
    return false;
  };
  return search(0) ? new Map(assignment) : undefined;
}

describe('resolveDependencies against brute force (PubGrub completeness)', () => {
  it('finds a solution exactly when one exists; solutions are valid, newest-preferring, and reachable', () => {
    let solvable = 0;
    let unsolvable = 0;
    fc.assert(
      fc.property(rootArbitrary, catalogArbitrary, (root, catalog) => {
        const resolution = resolveDependencies(root, catalog, { allowCycles: true });
        const expected = anySolution(root, catalog);
        expect(resolution.converged).toBe(true);
        expect(resolution.ok).toBe(expected !== undefined);
        if (expected === undefined) {
          unsolvable += 1;
          // A failure names real requirements, starting from the root's.
          expect(resolution.chain.length).toBeGreaterThan(0);
          expect(resolution.explanation.at(-1)).toMatch(/version solving failed/);
          for (const requirement of resolution.chain) {
            if (requirement.kind !== 'dependency') continue;
            const [id, v] = [
              requirement.requestedBy.slice(0, requirement.requestedBy.lastIndexOf('@')),
              requirement.requestedBy.slice(requirement.requestedBy.lastIndexOf('@') + 1),
            ];
            const requester =
              id === ROOT ? root : catalog.find((entry) => entry.id === id && entry.version === v);
            expect(requester?.dependencies?.[requirement.id]).toBe(requirement.range);
          }
          expect(
            resolution.chain.some(
              (r) => r.kind === 'root' || (r.kind === 'dependency' && r.requestedBy === `${ROOT}@1.0.0`),
            ),
          ).toBe(true);
          return;
        }
        solvable += 1;
        const chosen: Assignment = new Map(Object.entries(resolution.resolved));
        expect(isValid(root, catalog, chosen)).toBe(true);
        // Newest first: no chosen package could take a higher version with the others unchanged.
        for (const [id, v] of chosen) {
          for (const entry of catalog) {
            if (entry.id !== id || !semver.gt(entry.version, v)) continue;
            const higher = new Map(chosen).set(id, entry.version);
            expect(isValid(root, catalog, higher), `${id}@${entry.version} would also work`).toBe(false);
          }
        }
        // Nothing unneeded: every chosen package is reachable from the root through chosen packages.
        const reached = new Set<string>();
        const walk = (node: DependencyNodeInput) => {
          for (const id of Object.keys(node.dependencies ?? {})) {
            if (reached.has(id) || id === ROOT) continue;
            reached.add(id);
            walk(catalog.find((entry) => entry.id === id && entry.version === chosen.get(id))!);
          }
        };
        walk(root);
        expect(new Set(chosen.keys())).toEqual(reached);
      }),
      { numRuns: 600, seed: 2026 },
    );
    // The generator must exercise both outcomes.
    expect(solvable).toBeGreaterThan(100);
    expect(unsolvable).toBeGreaterThan(100);
    console.log(`brute force: ${solvable} solvable, ${unsolvable} unsolvable catalogs`);
  });
});
