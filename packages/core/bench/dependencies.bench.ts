// resolveDependencies on a generated catalog of 25,000 package versions (5,000 ids × 5
// versions, up to 4 dependencies each, 90% caret and 10% tilde ranges, acyclic), side by
// side with a naive resolver:
// first request wins, `semver.maxSatisfying` on version strings per request, no validation,
// no fixpoint, no conflict or cycle report.

import { createCatalog, type DependencyNodeInput, resolveDependencies } from '@pollinate/core';
import semver from 'semver';
import { compare, printMachine, seededRandom } from '../../../scripts/bench-harness.js';

const IDS = 5000;
const VERSIONS_PER_ID = 5;
const random = seededRandom(42);
const idOf = (index: number) => `bench/p${index}`;
const entries: DependencyNodeInput[] = [];
for (let index = 0; index < IDS; index += 1) {
  for (let minor = 0; minor < VERSIONS_PER_ID; minor += 1) {
    const dependencies: Record<string, string> = {};
    const count = Math.floor(random() * 5);
    for (let dep = 0; dep < count; dep += 1) {
      // Depend only on later ids (acyclic), mostly nearby so chains are deep.
      const target = index + 1 + Math.floor(random() * random() * 200);
      // Mostly caret ranges; one in ten a tilde range, which pins a minor and forces lowering.
      const operator = random() < 0.1 ? '~' : '^';
      if (target < IDS) dependencies[idOf(target)] = `${operator}1.${Math.floor(random() * 3)}.0`;
    }
    entries.push({ id: idOf(index), version: `1.${minor}.0`, dependencies });
  }
}
const root: DependencyNodeInput = {
  id: 'bench/root',
  version: '1.0.0',
  dependencies: Object.fromEntries(Array.from({ length: 20 }, (_, index) => [idOf(index * 7), '^1.0.0'])),
};

function naiveResolve(rootNode: DependencyNodeInput, catalog: readonly DependencyNodeInput[]) {
  const byId = new Map<string, DependencyNodeInput[]>();
  for (const entry of catalog) {
    const list = byId.get(entry.id);
    if (list) list.push(entry);
    else byId.set(entry.id, [entry]);
  }
  const chosen = new Map<string, string>();
  const queue: DependencyNodeInput[] = [rootNode];
  while (queue.length > 0) {
    const current = queue.shift()!;
    for (const [id, range] of Object.entries(current.dependencies ?? {})) {
      if (chosen.has(id)) continue;
      const versions = (byId.get(id) ?? []).map((entry) => entry.version);
      const pick = semver.maxSatisfying(versions, range);
      if (pick === null) continue;
      chosen.set(id, pick);
      queue.push(byId.get(id)!.find((entry) => entry.version === pick)!);
    }
  }
  return chosen;
}

/** How many chosen versions violate some range from a chosen package (the naive resolver ignores later ranges). */
function violations(chosen: ReadonlyMap<string, string>): number {
  const bad = new Set<string>();
  for (const requester of [root, ...entries.filter((entry) => chosen.get(entry.id) === entry.version)]) {
    for (const [id, range] of Object.entries(requester.dependencies ?? {})) {
      const version = chosen.get(id);
      if (version !== undefined && !semver.satisfies(version, range)) bad.add(id);
    }
  }
  return bad.size;
}

const prebuilt = createCatalog(entries);
const resolution = resolveDependencies(root, prebuilt);
const naive = naiveResolve(root, entries);
printMachine();
console.log(
  `catalog: ${entries.length} versions of ${IDS} ids; resolution: ${Object.keys(resolution.resolved).length} packages, ` +
    `${resolution.rounds} rounds, ${resolution.conflicts.length} conflicts, ok=${resolution.ok}; ` +
    `naive resolver chose ${naive.size} packages, ${violations(naive)} of its choices violate a range`,
);

compare(
  'Resolve a root with 20 dependencies (all reachable packages)',
  [
    { name: 'naive first-request-wins (baseline)', run: () => naiveResolve(root, entries) },
    { name: 'resolveDependencies, prebuilt catalog', run: () => resolveDependencies(root, prebuilt) },
    {
      name: 'resolveDependencies, array catalog (validates 25k entries)',
      run: () => resolveDependencies(root, entries),
    },
  ],
  Object.keys(resolution.resolved).length,
);
compare(
  'Build the catalog (validate with zod + index + sort)',
  [
    {
      name: 'group by id only (baseline)',
      run: () => {
        const byId = new Map<string, DependencyNodeInput[]>();
        for (const entry of entries) byId.set(entry.id, [...(byId.get(entry.id) ?? []), entry]);
        return byId;
      },
    },
    { name: 'createCatalog', run: () => createCatalog(entries) },
  ],
  entries.length,
);
