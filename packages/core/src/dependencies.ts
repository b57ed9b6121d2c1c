import semver from 'semver';
import { z } from 'zod';
import { PollinateError } from './errors.js';
import { PatternIdSchema, SemverRangeSchema, SemverSchema } from './identifiers.js';
import { parseWith } from './parse.js';

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
 * Chooses a version of every dependency reachable from `root` — for each, the highest
 * version that satisfies every range on it — and reports what is missing, in conflict or
 * cyclic, with an install order that puts dependencies first.
 *
 * Algorithm (a greedy fixpoint, like npm's deduplicating resolver and unlike pub's
 * PubGrub, which backtracks): in each round, walk breadth-first from the root over the
 * current choices (choosing, for an id met for the first time, the highest version fitting
 * the ranges seen so far), collect every range on each id from the packages reached, and
 * choose for each id the highest catalog version satisfying all of them; repeat until a
 * round changes nothing (one or two rounds when nothing conflicts; more when lowering one
 * version changes the ranges on others). At the fixpoint every chosen version is the
 * highest satisfying every range on it from the packages actually installed. One version per id (a flat install). Limits: it never backtracks to an older
 * version of a dependent to make room, so it can report a conflict a backtracking (SAT)
 * solver would avoid; and if choices oscillate it stops after `maxRounds` with
 * `converged: false`. Cost per round: O(edges + reachable ids × versions per id × ranges per id).
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
  const rootChoice = toChoice(rootNode);

  let chosen = new Map<string, Choice>();
  let converged = false;
  let rounds = 0;
  let missing: MissingDependency[] = [];
  let conflicts: DependencyConflict[] = [];

  const highest = (id: string, asked: readonly DependencyRequest[]): Choice | undefined => {
    const ranges = asked.map((request) => rangeOf(request.range, includePrerelease));
    return versionsOf(id).find((choice) => ranges.every((range) => range.test(choice.version)));
  };

  while (rounds < maxRounds) {
    rounds += 1;
    // Ids in conflict last round are not tried again on the spot: trying them would pull in their
    // dependencies for one round and drop them the next, forever.
    const blocked = new Set(conflicts.map((conflict) => conflict.id));
    const { requests, extended } = explore(rootChoice, chosen, (id, asked) =>
      blocked.has(id) ? undefined : highest(id, asked),
    );
    const next = new Map<string, Choice>();
    missing = [];
    conflicts = [];
    let changed = false;
    for (const id of [...requests.keys()].sort()) {
      const asked = (requests.get(id) ?? []).sort((a, b) => compareText(a.requestedBy, b.requestedBy));
      if (id === rootNode.id) {
        if (!asked.every((request) => rangeOf(request.range, includePrerelease).test(rootChoice.version))) {
          conflicts.push({ id, ranges: asked, available: [rootNode.version] });
        }
        continue;
      }
      const available = versionsOf(id);
      if (available.length === 0) {
        for (const request of asked) missing.push({ id, ...request });
        continue;
      }
      const pick = highest(id, asked);
      if (pick) next.set(id, pick);
      else conflicts.push({ id, ranges: asked, available: available.map((choice) => choice.node.version) });
      if (extended.get(id)?.label !== next.get(id)?.label) changed = true;
    }
    chosen = next;
    if (!changed) {
      converged = true;
      break;
    }
  }
  const reachable = reachableChoices(rootChoice, chosen);
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

/** The root and every chosen version reachable from it, breadth-first in id order. */
function reachableChoices(root: Choice, chosen: ReadonlyMap<string, Choice>): Choice[] {
  const out: Choice[] = [root];
  const seen = new Set<string>([root.node.id]);
  for (let index = 0; index < out.length; index += 1) {
    const current = out[index]!;
    for (const id of current.dependencyIds) {
      if (seen.has(id)) continue;
      const choice = chosen.get(id);
      if (!choice) continue;
      seen.add(id);
      out.push(choice);
    }
  }
  return out;
}

/**
 * One traversal of a round: breadth-first from the root in id order, following the current
 * choices and, for an id not chosen yet, choosing on the spot the highest version that fits
 * the requests seen so far (so the first round already reaches the whole graph). Returns
 * every request made by the packages reached, and the choices used.
 */
function explore(
  root: Choice,
  chosen: ReadonlyMap<string, Choice>,
  highest: (id: string, asked: readonly DependencyRequest[]) => Choice | undefined,
): { requests: Map<string, DependencyRequest[]>; extended: Map<string, Choice> } {
  const requests = new Map<string, DependencyRequest[]>();
  const extended = new Map(chosen);
  const reached: Choice[] = [root];
  const seen = new Set<string>([root.node.id]);
  for (let index = 0; index < reached.length; index += 1) {
    const current = reached[index]!;
    for (const id of current.dependencyIds) {
      const request = { requestedBy: current.label, range: current.node.dependencies[id]! };
      const list = requests.get(id);
      if (list) list.push(request);
      else requests.set(id, [request]);
      if (seen.has(id)) continue;
      seen.add(id);
      let choice = extended.get(id);
      if (!choice) {
        choice = highest(id, requests.get(id)!);
        if (!choice) continue;
        extended.set(id, choice);
      }
      reached.push(choice);
    }
  }
  return { requests, extended };
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
    if (rangeCache.size >= RANGE_CACHE_LIMIT) rangeCache.clear();
    rangeCache.set(key, parsed);
  }
  return parsed;
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
