import semver from 'semver';
import * as z from 'zod';
import { PollinateError } from './errors.js';
import { compareStrings } from './helpers.js';
import { PatternIdSchema, SemverRangeSchema, SemverSchema } from './identifiers.js';
import { parseWith } from './parse.js';
import { type SolverFact, type SolverResult, type SolverSource, solve } from './pubgrub.js';

/**
 * What the resolver needs of a package version: its id, version and dependencies
 * (pattern id → semver range). Any {@link Listing} has this shape; other keys are ignored.
 *
 * @example
 * ```ts
 * DependencyNodeSchema.parse({ id: 'acme/retry', version: '1.4.1', dependencies: { 'acme/backoff': '^2.1' } });
 * ```
 */
export const DependencyNodeSchema = z.object({
  id: PatternIdSchema,
  version: SemverSchema,
  dependencies: z.record(PatternIdSchema, SemverRangeSchema).default({}),
});
/** A package version as the resolver sees it (see {@link DependencyNodeSchema}). */
export type DependencyNode = z.infer<typeof DependencyNodeSchema>;
/** What {@link DependencyNodeSchema} accepts (`dependencies` optional; extra keys such as a listing's are ignored). */
export type DependencyNodeInput = z.input<typeof DependencyNodeSchema>;

/**
 * A source of package versions for the resolver: every known version of a pattern id, in any
 * order. Return an empty array for an unknown id. Results are validated; an invalid one
 * makes {@link resolveDependencies} throw a {@link ValidationError}.
 */
export type CatalogLookup = (id: string) => readonly DependencyNodeInput[];

/** A validated, indexed catalog built by {@link createCatalog}; reuse it across resolutions. */
export interface DependencyCatalog {
  /** Marks the object as built by {@link createCatalog}. */
  readonly kind: 'pollinate-dependency-catalog';
  /** Every version of `id`, highest first (an empty array for an unknown id). */
  versions(id: string): readonly DependencyNode[];
}

/** Who asked for a dependency and with what range. */
export interface DependencyRequest {
  /** The requesting package as `id@version`. */
  requestedBy: string;
  /** The semver range it asked for. */
  range: string;
}

/** A dependency no catalog version exists for. */
export interface MissingDependency {
  /** The pattern id asked for. */
  id: string;
  /** The requesting package as `id@version`. */
  requestedBy: string;
  /** The range asked for. */
  range: string;
}

/** A dependency whose ranges no available version satisfies all at once. */
export interface DependencyConflict {
  /** The pattern id. */
  id: string;
  /** Every range on it, with who asked, sorted by requester. */
  ranges: DependencyRequest[];
  /** The versions the catalog has, highest first. */
  available: string[];
}

/**
 * One requirement in the chain that makes resolution fail (PubGrub's external incompatibilities
 * of the derivation): the root itself, a package version's dependency on a range, or a set of
 * versions no candidate is left in.
 *
 * @example
 * ```ts
 * // { kind: 'dependency', requestedBy: 'acme/a@1.0.0', id: 'acme/shared', range: '^1' }
 * ```
 */
export type ConflictRequirement =
  | { kind: 'root'; id: string; version: string }
  | { kind: 'dependency'; requestedBy: string; id: string; range: string }
  | { kind: 'no-versions'; id: string; versions: string[] };

/**
 * The outcome of {@link resolveDependencies}.
 *
 * @example
 * ```ts
 * const { ok, installOrder, explanation } = resolveDependencies(root, catalog);
 * if (!ok) console.error(explanation.join('\n'));
 * ```
 */
export interface Resolution {
  /** `true` when a solution exists (found within `maxRounds` steps) and (unless `allowCycles`) it has no cycles. */
  ok: boolean;
  /**
   * The version chosen for each dependency (the root excluded), keyed by pattern id, in id order.
   * When resolution fails, the best partial solution: the packages that resolve once the missing
   * and conflicting ids are set aside.
   */
  resolved: Record<string, string>;
  /** `id@version` of every chosen dependency, dependencies before their dependents (root excluded). */
  installOrder: string[];
  /** Dependencies with no version in the catalog, one entry per request from a chosen package. */
  missing: MissingDependency[];
  /** Dependencies no version satisfies every range of, given the rest of the graph. */
  conflicts: DependencyConflict[];
  /** Dependency cycles among chosen versions, each as a path of ids that starts and ends with the same id. */
  cycles: string[][];
  /** `false` when the search gave up after `maxRounds` steps (see {@link ResolveOptions.maxRounds}). */
  converged: boolean;
  /** Solver steps taken: decisions plus conflict resolutions (backtracking steps). */
  rounds: number;
  /**
   * Why resolution failed, in words, one derivation step per line (PubGrub's explanation: each
   * line combines two earlier facts into a new one; the last says version solving failed). Empty
   * when `ok`, or when only cycles make `ok` false.
   */
  explanation: string[];
  /** The requirements the failure derives from (the chain that conflicts), in derivation order; empty when `ok`. */
  chain: ConflictRequirement[];
}

/** Options of {@link resolveDependencies}. */
export interface ResolveOptions {
  /**
   * Let ranges match prerelease versions (npm's rule otherwise).
   * @default false
   */
  includePrerelease?: boolean;
  /**
   * Report cycles but do not let them make `ok` false.
   * @default false
   */
  allowCycles?: boolean;
  /**
   * Give up after this many solver steps (decisions plus conflict resolutions), 1–10,000,000;
   * the result then has `converged: false`.
   * @default 1000000
   */
  maxRounds?: number;
}

/** A package version ready for resolution: parsed once (Range.test would parse a version string on every call). */
interface Choice {
  node: DependencyNode;
  /** `id@version`. */
  label: string;
  version: semver.SemVer;
  /** Dependency ids in code-unit order. */
  dependencyIds: readonly string[];
}

function toChoice(node: DependencyNode): Choice {
  return {
    node,
    label: `${node.id}@${node.version}`,
    version: new semver.SemVer(node.version),
    dependencyIds: Object.keys(node.dependencies).sort(),
  };
}

/** Every version of each id, highest first, as prepared choices; per catalog built by {@link createCatalog}. */
const preparedCatalogs = new WeakMap<DependencyCatalog, ReadonlyMap<string, readonly Choice[]>>();

const rangeCache = new Map<string, semver.Range>();
/** Most ranges cached. */
const RANGE_CACHE_LIMIT = 10_000;
/**
 * Most characters of range text cached, all keys together, so the cache is bounded in bytes
 * whatever ranges arrive: a parsed `a || b || …` range held about 3 bytes of heap per
 * character (measured with semver 7), so 256 Ki characters stay near 1 MiB, where the count
 * alone allowed 10,000 ranges of 1,024 characters (about 30 MiB).
 */
const RANGE_CACHE_CHARACTERS = 256 * 1024;
let rangeCacheCharacters = 0;

/**
 * Validates and indexes package versions for {@link resolveDependencies}. Build it once for
 * a large catalog and reuse it: resolution then skips validation and sorting.
 *
 * @param entries - package versions (listings or `{ id, version, dependencies }`), many versions per id allowed
 * @returns a {@link DependencyCatalog}; a repeated `id@version` keeps the first entry
 * @throws {@link ValidationError} naming the index and field of the first bad entries
 * @example
 * ```ts
 * const catalog = createCatalog(listings); // every version you know of
 * const resolution = resolveDependencies(listing, catalog);
 * ```
 */
export function createCatalog(entries: readonly DependencyNodeInput[]): DependencyCatalog {
  const nodes = parseWith(z.array(DependencyNodeSchema), entries, 'dependency catalog');
  const prepared = new Map<string, Choice[]>();
  const seen = new Set<string>();
  for (const node of nodes) {
    const key = `${node.id}@${node.version}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const list = prepared.get(node.id);
    if (list) list.push(toChoice(node));
    else prepared.set(node.id, [toChoice(node)]);
  }
  const byId = new Map<string, DependencyNode[]>();
  for (const [id, list] of prepared) {
    list.sort((a, b) => b.version.compare(a.version));
    byId.set(
      id,
      list.map((choice) => choice.node),
    );
  }
  const catalog: DependencyCatalog = {
    kind: 'pollinate-dependency-catalog',
    versions: (id) => byId.get(id) ?? [],
  };
  preparedCatalogs.set(catalog, prepared);
  return catalog;
}

/**
 * Chooses a version of every dependency reachable from `root` so that every range of every
 * chosen package is satisfied, preferring newest versions, with an install order that puts
 * dependencies first; on failure it explains why.
 *
 * Algorithm: PubGrub (Weizenbaum 2018, the solver of Dart's pub and of uv; after pub's
 * `doc/solver.md`): unit propagation over incompatibilities, decisions that pick the newest
 * allowed version of the package with the fewest allowed versions, and conflict-driven learning
 * that backjumps and records why. It is complete: when some choice of one version per id
 * satisfies every range, it finds one (for example by choosing an older version of one
 * dependency whose newest version needs something that conflicts). Every chosen version is the
 * newest its package could take given the choices made before it: no higher version of one
 * package, with the others unchanged, would also be a solution. On failure, `explanation` and
 * `chain` give the derivation (which requirements conflict), and `resolved`, `missing` and
 * `conflicts` describe the best partial solution: ids with no versions and then the id the
 * failure names most are set aside, one at a time, until the rest resolves. The root's own id is
 * pinned to the root's version (catalog versions of it are ignored). Cycles do not stop
 * resolution; they are reported (depth-first search in id order) and make `ok` false unless
 * `allowCycles`. Worst-case cost is exponential (version solving is NP-complete); `maxRounds`
 * bounds the steps.
 *
 * @param root - the package to resolve for: a {@link Listing} or `{ id, version, dependencies }`
 * @param catalog - available versions: an array of listings / nodes, a {@link DependencyCatalog}, or a {@link CatalogLookup}
 * @param options - {@link ResolveOptions}: `includePrerelease` (default `false`), `allowCycles` (default `false`), `maxRounds` (default `1000000`)
 * @returns a {@link Resolution}; deterministic for the same inputs
 * @throws {@link ValidationError} when `root`, a catalog entry or a lookup result is malformed
 * @throws {@link PollinateError} `E_INVALID_OPTIONS` when `options` is not an object or `maxRounds` is not an integer in 1–10,000,000
 * @example
 * ```ts
 * const resolution = resolveDependencies(
 *   { id: 'acme/app', version: '1.0.0', dependencies: { 'acme/retry': '^1.2.0' } },
 *   [
 *     { id: 'acme/retry', version: '1.2.0', dependencies: { 'acme/backoff': '^2' } },
 *     { id: 'acme/retry', version: '1.4.1', dependencies: { 'acme/backoff': '^2.1' } },
 *     { id: 'acme/backoff', version: '2.3.0' },
 *   ],
 * );
 * resolution.installOrder; // ['acme/backoff@2.3.0', 'acme/retry@1.4.1']
 * ```
 */
export function resolveDependencies(
  root: DependencyNodeInput,
  catalog: readonly DependencyNodeInput[] | DependencyCatalog | CatalogLookup,
  options: ResolveOptions = {},
): Resolution {
  const rootNode = parseWith(DependencyNodeSchema, root, 'dependency root');
  if (options !== null && options !== undefined && typeof options !== 'object') {
    throw new PollinateError('E_INVALID_OPTIONS', 'resolve options must be an object');
  }
  options ??= {};
  const maxRounds = options.maxRounds ?? 1_000_000;
  if (!Number.isInteger(maxRounds) || maxRounds < 1 || maxRounds > 10_000_000) {
    throw new PollinateError('E_INVALID_OPTIONS', 'maxRounds must be an integer from 1 to 10000000');
  }
  const includePrerelease = options.includePrerelease === true;
  const versionsOf = catalogAccessor(catalog);
  const rootChoice = toChoice(rootNode);
  const available = (id: string): readonly Choice[] => (id === rootNode.id ? [rootChoice] : versionsOf(id));

  const attempt = (setAside: ReadonlySet<string>): SolverResult => {
    const keep = (dependencies: Readonly<Record<string, string>>) =>
      setAside.size === 0
        ? dependencies
        : Object.fromEntries(Object.entries(dependencies).filter(([id]) => !setAside.has(id)));
    const source: SolverSource = {
      rootId: rootNode.id,
      packageOf: (id) => ({
        versions: versionsOf(id).map((choice) => ({
          version: choice.node.version,
          dependencies: keep(choice.node.dependencies),
        })),
      }),
      satisfies: (version, range) => rangeOf(range, includePrerelease).test(version),
      maxSteps: maxRounds,
    };
    return solve(source, rootNode.version, keep(rootNode.dependencies));
  };

  const first = attempt(new Set());
  let solution = first;
  const setAside = new Set<string>();
  let explanation: string[] = [];
  let chain: ConflictRequirement[] = [];
  if (first.ok === false && first.reason === 'conflict') {
    explanation = first.explanation;
    chain = first.facts.map(toRequirement);
    // The best partial solution: set aside what the failure blames, one id at a time.
    let failure: SolverResult = first;
    while (failure.ok === false && failure.reason === 'conflict') {
      const blamed = blame(failure.facts, setAside, (id) => available(id).length === 0);
      if (blamed === undefined) break;
      setAside.add(blamed);
      failure = attempt(setAside);
    }
    solution = failure;
  }
  const chosen = new Map<string, Choice>();
  if (solution.ok) {
    for (const [id, version] of solution.decisions) {
      if (id === rootNode.id) continue;
      const choice = versionsOf(id).find((candidate) => candidate.node.version === version);
      if (choice) chosen.set(id, choice);
    }
  }
  const selected = [rootChoice, ...chosen.values()];
  const requestsOn = (id: string): DependencyRequest[] =>
    selected
      .filter((choice) => choice.node.dependencies[id] !== undefined)
      .map((choice) => ({ requestedBy: choice.label, range: choice.node.dependencies[id] as string }))
      .sort((a, b) => compareStrings(a.requestedBy, b.requestedBy));
  const missing: MissingDependency[] = [];
  const conflicts: DependencyConflict[] = [];
  for (const id of [...setAside].sort()) {
    const versions = available(id);
    if (versions.length === 0) for (const request of requestsOn(id)) missing.push({ id, ...request });
    else
      conflicts.push({
        id,
        ranges: requestsOn(id),
        available: versions.map((choice) => choice.node.version),
      });
  }
  const resolved: Record<string, string> = {};
  for (const id of [...chosen.keys()].sort()) resolved[id] = (chosen.get(id) as Choice).node.version;
  const { order, cycles } = orderAndCycles(rootChoice, chosen);
  const converged = !(solution.ok === false && solution.reason === 'too-many-steps');
  const ok = first.ok && (options.allowCycles === true || cycles.length === 0);
  return {
    ok,
    resolved,
    installOrder: order,
    missing,
    conflicts,
    cycles,
    converged,
    rounds: first.steps,
    explanation,
    chain,
  };
}

function toRequirement(fact: SolverFact): ConflictRequirement {
  if (fact.kind === 'dependency') {
    return {
      kind: 'dependency',
      requestedBy: `${fact.id}@${fact.version}`,
      id: fact.dependency,
      range: fact.range,
    };
  }
  return fact;
}

/**
 * The id a failure blames: one with no versions at all if any (a missing package), else the id
 * most requirements of the failure's chain are about (ties: the first in code-unit order).
 */
function blame(
  facts: readonly SolverFact[],
  setAside: ReadonlySet<string>,
  isMissing: (id: string) => boolean,
): string | undefined {
  const counts = new Map<string, number>();
  for (const fact of facts) {
    const id =
      fact.kind === 'dependency' ? fact.dependency : fact.kind === 'no-versions' ? fact.id : undefined;
    if (id === undefined || setAside.has(id)) continue;
    counts.set(id, (counts.get(id) ?? 0) + 1);
  }
  const ids = [...counts.keys()].sort(compareStrings);
  const missingId = ids.find(isMissing);
  if (missingId !== undefined) return missingId;
  let best: string | undefined;
  for (const id of ids) if (best === undefined || (counts.get(id) ?? 0) > (counts.get(best) ?? 0)) best = id;
  return best;
}

function catalogAccessor(
  catalog: readonly DependencyNodeInput[] | DependencyCatalog | CatalogLookup,
): (id: string) => readonly Choice[] {
  const cached = (read: (id: string) => readonly Choice[]) => {
    const cache = new Map<string, readonly Choice[]>();
    return (id: string) => {
      let choices = cache.get(id);
      if (!choices) {
        choices = read(id);
        cache.set(id, choices);
      }
      return choices;
    };
  };
  if (typeof catalog === 'function') {
    return cached((id) =>
      parseWith(z.array(DependencyNodeSchema), catalog(id), `catalog versions of ${id}`)
        .filter((node) => node.id === id)
        .map(toChoice)
        .sort((a, b) => b.version.compare(a.version)),
    );
  }
  const built = isDependencyCatalog(catalog)
    ? catalog
    : createCatalog(catalog as readonly DependencyNodeInput[]);
  const prepared = preparedCatalogs.get(built);
  if (prepared) return (id) => prepared.get(id) ?? [];
  // A catalog object made elsewhere: validate and prepare what it returns, once per id.
  return cached((id) =>
    parseWith(z.array(DependencyNodeSchema), built.versions(id), `catalog versions of ${id}`)
      .filter((node) => node.id === id)
      .map(toChoice)
      .sort((a, b) => b.version.compare(a.version)),
  );
}

function isDependencyCatalog(value: unknown): value is DependencyCatalog {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    (value as { kind?: unknown }).kind === 'pollinate-dependency-catalog' &&
    typeof (value as { versions?: unknown }).versions === 'function'
  );
}

/** Post-order depth-first search from the root (iterative): dependencies first; back edges are cycles. */
function orderAndCycles(
  root: Choice,
  chosen: ReadonlyMap<string, Choice>,
): { order: string[]; cycles: string[][] } {
  const order: string[] = [];
  const cycles: string[][] = [];
  const state = new Map<string, 'active' | 'done'>();
  const path: string[] = [];
  const stack: { choice: Choice; children: readonly string[]; next: number }[] = [];
  const enter = (choice: Choice) => {
    state.set(choice.node.id, 'active');
    path.push(choice.node.id);
    stack.push({ choice, children: choice.dependencyIds, next: 0 });
  };
  enter(root);
  while (stack.length > 0) {
    const frame = stack[stack.length - 1]!;
    if (frame.next < frame.children.length) {
      const id = frame.children[frame.next]!;
      frame.next += 1;
      const child = id === root.node.id ? root : chosen.get(id);
      if (!child) continue;
      const seen = state.get(id);
      if (seen === 'active') {
        cycles.push([...path.slice(path.indexOf(id)), id]);
      } else if (seen === undefined) {
        enter(child);
      }
      continue;
    }
    stack.pop();
    path.pop();
    state.set(frame.choice.node.id, 'done');
    if (frame.choice !== root) order.push(frame.choice.label);
  }
  return { order, cycles };
}

/** A parsed range, cached (ranges repeat across a catalog; parsing dominates otherwise). */
function rangeOf(range: string, includePrerelease: boolean): semver.Range {
  const key = `${includePrerelease ? 'p' : 'r'}${range}`;
  let parsed = rangeCache.get(key);
  if (!parsed) {
    parsed = new semver.Range(range, { includePrerelease });
    if (rangeCache.size >= RANGE_CACHE_LIMIT || rangeCacheCharacters + key.length > RANGE_CACHE_CHARACTERS) {
      rangeCache.clear();
      rangeCacheCharacters = 0;
    }
    rangeCache.set(key, parsed);
    rangeCacheCharacters += key.length;
  }
  return parsed;
}
