import semver from 'semver';
import { z } from 'zod';
import { PollinateError } from './errors.js';
import { PatternIdSchema, SemverRangeSchema, SemverSchema } from './identifiers.js';
import { parseWith } from './parse.js';

/**
 * What the resolver needs of a package version: its id, version and dependencies
 * (pattern id → semver range). Any {@link Listing} has this shape; other keys are ignored.
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

/** The outcome of {@link resolveDependencies}. */
export interface Resolution {
  /** `true` when nothing is missing or in conflict, the search converged, and (unless `allowCycles`) there are no cycles. */
  ok: boolean;
  /** The version chosen for each dependency (the root excluded), keyed by pattern id, in id order. */
  resolved: Record<string, string>;
  /** `id@version` of every chosen dependency, dependencies before their dependents (root excluded). */
  installOrder: string[];
  /** Dependencies with no version in the catalog, one entry per request. */
  missing: MissingDependency[];
  /** Dependencies no version satisfies every range of. */
  conflicts: DependencyConflict[];
  /** Dependency cycles among chosen versions, each as a path of ids that starts and ends with the same id. */
  cycles: string[][];
  /** `false` when the choice kept changing until `maxRounds` was reached (see {@link ResolveOptions.maxRounds}). */
  converged: boolean;
  /** How many rounds the fixpoint search took. */
  rounds: number;
}

/** Options of {@link resolveDependencies}. */
export interface ResolveOptions {
  /** Let ranges match prerelease versions. Default `false` (npm's rule). */
  includePrerelease?: boolean;
  /** Report cycles but do not let them make `ok` false. Default `false`. */
  allowCycles?: boolean;
  /** Give up after this many rounds (1–10 000). Default `100`. */
  maxRounds?: number;
}

interface Choice {
  node: DependencyNode;
  label: string;
}

const rangeCache = new Map<string, semver.Range>();
const RANGE_CACHE_LIMIT = 10_000;

/**
 * Validates and indexes package versions for {@link resolveDependencies}. Build it once for
 * a large catalog and reuse it: resolution then skips validation and sorting.
 *
 * @param entries - package versions (listings or `{ id, version, dependencies }`), many versions per id allowed
 * @returns a {@link DependencyCatalog}; a repeated `id@version` keeps the first entry
 * @throws {@link ValidationError} naming the index and field of the first bad entries
 * @example
 * ```ts
 * const catalog = createCatalog(allListings);
 * const resolution = resolveDependencies(myListing, catalog);
 * ```
 */
export function createCatalog(entries: readonly DependencyNodeInput[]): DependencyCatalog {
  const nodes = parseWith(z.array(DependencyNodeSchema), entries, 'dependency catalog');
  const byId = new Map<string, DependencyNode[]>();
  const seen = new Set<string>();
  for (const node of nodes) {
    const key = `${node.id}@${node.version}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const list = byId.get(node.id);
    if (list) list.push(node);
    else byId.set(node.id, [node]);
  }
  for (const list of byId.values()) list.sort((a, b) => semver.rcompare(a.version, b.version));
  return { kind: 'pollinate-dependency-catalog', versions: (id) => byId.get(id) ?? [] };
}

/**
 * Chooses a version of every dependency reachable from `root` — for each, the highest
 * version that satisfies every range on it — and reports what is missing, in conflict or
 * cyclic, with an install order that puts dependencies first.
 *
 * Algorithm (a greedy fixpoint, like npm's deduplicating resolver and unlike pub's
 * PubGrub, which backtracks): start with no choices; in each round, collect the ranges on
 * each id from the root and from the chosen versions reachable from the root, and choose for
 * each id the highest catalog version satisfying all of them; repeat until a round changes
 * nothing. One version per id (a flat install). Limits: it never backtracks to an older
 * version of a dependent to make room, so it can report a conflict a backtracking (SAT)
 * solver would avoid; and if choices oscillate it stops after `maxRounds` with
 * `converged: false`. Cost per round: O(reachable ids × versions per id × ranges per id).
 * The root's own id is pinned to the root's version (catalog versions of it are ignored);
 * a dependency on it that the root's version does not satisfy is a conflict.
 * Cycles are found by depth-first search in id order; each back edge gives one cycle path.
 *
 * @param root - the package to resolve for: a {@link Listing} or `{ id, version, dependencies }`
 * @param catalog - available versions: an array of listings / nodes, a {@link DependencyCatalog}, or a {@link CatalogLookup}
 * @param options - {@link ResolveOptions}: `includePrerelease` (default `false`), `allowCycles` (default `false`), `maxRounds` (default `100`)
 * @returns a {@link Resolution}; deterministic for the same inputs
 * @throws {@link ValidationError} when `root`, a catalog entry or a lookup result is malformed
 * @throws {@link PollinateError} `E_INVALID_OPTIONS` when `options` is not an object or `maxRounds` is not an integer in 1–10 000
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
  const maxRounds = options.maxRounds ?? 100;
  if (!Number.isInteger(maxRounds) || maxRounds < 1 || maxRounds > 10_000) {
    throw new PollinateError('E_INVALID_OPTIONS', 'maxRounds must be an integer from 1 to 10000');
  }
  const includePrerelease = options.includePrerelease === true;
  const versionsOf = catalogAccessor(catalog);
  const rootChoice: Choice = { node: rootNode, label: `${rootNode.id}@${rootNode.version}` };

  let chosen = new Map<string, Choice>();
  let converged = false;
  let rounds = 0;
  let missing: MissingDependency[] = [];
  let conflicts: DependencyConflict[] = [];
  let reachable: Choice[] = [rootChoice];

  while (rounds < maxRounds) {
    rounds += 1;
    reachable = reachableChoices(rootChoice, chosen);
    const requests = new Map<string, DependencyRequest[]>();
    for (const choice of reachable) {
      for (const [id, range] of Object.entries(choice.node.dependencies)) {
        const list = requests.get(id);
        const request = { requestedBy: choice.label, range };
        if (list) list.push(request);
        else requests.set(id, [request]);
      }
    }
    const next = new Map<string, Choice>();
    missing = [];
    conflicts = [];
    for (const id of [...requests.keys()].sort()) {
      const asked = (requests.get(id) ?? []).sort((a, b) => compareText(a.requestedBy, b.requestedBy));
      if (id === rootNode.id) {
        if (!asked.every((request) => rangeOf(request.range, includePrerelease).test(rootNode.version))) {
          conflicts.push({ id, ranges: asked, available: [rootNode.version] });
        }
        continue;
      }
      const available = versionsOf(id);
      if (available.length === 0) {
        for (const request of asked) missing.push({ id, ...request });
        continue;
      }
      const ranges = asked.map((request) => rangeOf(request.range, includePrerelease));
      const pick = available.find((node) => ranges.every((range) => range.test(node.version)));
      if (pick) next.set(id, { node: pick, label: `${pick.id}@${pick.version}` });
      else conflicts.push({ id, ranges: asked, available: available.map((node) => node.version) });
    }
    const changed =
      next.size !== chosen.size || [...next].some(([id, c]) => chosen.get(id)?.label !== c.label);
    chosen = next;
    if (!changed) {
      converged = true;
      break;
    }
  }
  reachable = reachableChoices(rootChoice, chosen);
  const reachableIds = new Set(reachable.map((choice) => choice.node.id));
  const resolved: Record<string, string> = {};
  for (const id of [...chosen.keys()].sort()) {
    if (reachableIds.has(id)) resolved[id] = chosen.get(id)!.node.version;
  }
  const { order, cycles } = orderAndCycles(rootChoice, chosen);
  const ok =
    converged &&
    missing.length === 0 &&
    conflicts.length === 0 &&
    (options.allowCycles === true || cycles.length === 0);
  return { ok, resolved, installOrder: order, missing, conflicts, cycles, converged, rounds };
}

function catalogAccessor(
  catalog: readonly DependencyNodeInput[] | DependencyCatalog | CatalogLookup,
): (id: string) => readonly DependencyNode[] {
  if (typeof catalog === 'function') {
    const cache = new Map<string, DependencyNode[]>();
    return (id) => {
      const cached = cache.get(id);
      if (cached) return cached;
      const nodes = parseWith(z.array(DependencyNodeSchema), catalog(id), `catalog versions of ${id}`)
        .filter((node) => node.id === id)
        .sort((a, b) => semver.rcompare(a.version, b.version));
      cache.set(id, nodes);
      return nodes;
    };
  }
  if (isDependencyCatalog(catalog)) return (id) => catalog.versions(id);
  const built = createCatalog(catalog as readonly DependencyNodeInput[]);
  return (id) => built.versions(id);
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

/** The root and every chosen version reachable from it, breadth-first in id order. */
function reachableChoices(root: Choice, chosen: ReadonlyMap<string, Choice>): Choice[] {
  const out: Choice[] = [root];
  const seen = new Set<string>([root.node.id]);
  for (let index = 0; index < out.length; index += 1) {
    const current = out[index]!;
    for (const id of Object.keys(current.node.dependencies).sort()) {
      if (seen.has(id)) continue;
      const choice = chosen.get(id);
      if (!choice) continue;
      seen.add(id);
      out.push(choice);
    }
  }
  return out;
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
  const stack: { choice: Choice; children: string[]; next: number }[] = [];
  const enter = (choice: Choice) => {
    state.set(choice.node.id, 'active');
    path.push(choice.node.id);
    stack.push({ choice, children: Object.keys(choice.node.dependencies).sort(), next: 0 });
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
    if (rangeCache.size >= RANGE_CACHE_LIMIT) rangeCache.clear();
    rangeCache.set(key, parsed);
  }
  return parsed;
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
