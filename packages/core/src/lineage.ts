import semver from 'semver';
import * as z from 'zod';
import { isErrorOf, PollinateError } from './errors.js';
import { fingerprint } from './fingerprint.js';
import { IsoDateTimeSchema, SemverSchema } from './identifiers.js';
import {
  ForkParentSchema,
  type Listing,
  type ListingInput,
  ListingSchema,
  PublisherSchema,
} from './listing.js';
import { parseWith } from './parse.js';

/**
 * Thrown when a fork or an improvement proposal does not make sense as lineage: forking a
 * listing onto its own id (`E_FORK_SAME_ID`), or proposing an improvement from a listing
 * that is not a fork of the target (`E_NOT_A_FORK`).
 *
 * @example
 * ```ts
 * const parent = listing;
 * try {
 *   forkListing(parent, { id: parent.id, publisher: parent.publisher, publishedAt });
 * } catch (error) {
 *   if (error instanceof LineageError) console.log(error.code); // 'E_FORK_SAME_ID'
 * }
 * ```
 */
export class LineageError extends PollinateError {}

/**
 * Type guard for {@link LineageError}: checks `name` and `code`, not class identity, so it works
 * across package copies (ESM and CJS builds loaded together).
 *
 * @param error - anything caught
 * @returns `true` when a fork or lineage query was refused
 * @example
 * ```ts
 * if (isLineageError(error)) console.log(error.code); // e.g. 'E_FORK_SAME_ID'
 * ```
 */
export function isLineageError(error: unknown): error is LineageError {
  return isErrorOf(error, 'LineageError');
}

/**
 * What a fork changes of its parent. `id`, `publisher` and `publishedAt` are required
 * (the fork is a new pattern by its new publisher, published now); every other listing
 * field may be overridden. Unknown keys are rejected.
 *
 * @example
 * ```ts
 * ForkChangesSchema.parse({ id: 'payments/retry', publisher: { id: 'payments', name: 'Payments' }, publishedAt: '2026-11-21T10:00:00Z' });
 * ```
 */
export const ForkChangesSchema = z
  .strictObject(forkableShape())
  .partial()
  .required({ id: true, publisher: true, publishedAt: true });
/** What a fork changes (see {@link ForkChangesSchema}). */
export type ForkChanges = z.input<typeof ForkChangesSchema>;

/**
 * Makes a fork of a listing: the parent's fields with the fork's changes, `forkOf` set to the
 * parent's id and version, and what does not carry over reset — no rating, zero adoption, no
 * fingerprint (it would describe the parent). The version stays the parent's unless changed.
 *
 * @param parent - the listing forked (validated)
 * @param fork - {@link ForkChanges}: at least `id`, `publisher` and `publishedAt` (ISO 8601)
 * @returns the fork, a valid {@link Listing}
 * @throws {@link LineageError} `E_FORK_SAME_ID` when the fork has the parent's id
 * @throws {@link ValidationError} when the parent, the changes or the resulting listing is invalid
 *   (for example an id whose scope is not the new publisher's id)
 * @example
 * ```ts
 * const fork = forkListing(circuitBreaker, {
 *   id: 'payments/circuit-breaker',
 *   publisher: { id: 'payments', name: 'Payments' },
 *   publishedAt: '2026-11-21T10:00:00Z',
 * });
 * fork.forkOf; // { id: 'acme/circuit-breaker', version: '2.1.0' }
 * ```
 */
export function forkListing(parent: Listing | ListingInput, fork: ForkChanges): Listing {
  const checkedParent = parseWith(ListingSchema, parent, 'parent listing');
  const changes = parseWith(ForkChangesSchema, fork, 'fork');
  if (changes.id === checkedParent.id) {
    throw new LineageError('E_FORK_SAME_ID', `A fork needs its own id; ${changes.id} is the parent's id`);
  }
  const {
    rating: _rating,
    fingerprint: _fingerprint,
    adoption: _adoption,
    forkOf: _forkOf,
    ...kept
  } = checkedParent;
  const merged = new Map<string, unknown>(Object.entries(kept));
  // Only the keys the caller wrote: a partial schema would fill defaults and overwrite the parent's values.
  // The strict schema above has already rejected any key outside the listing's (so no `__proto__`).
  for (const key of Object.keys(fork as object)) {
    const value = (fork as Record<string, unknown>)[key];
    if (value !== undefined) merged.set(key, (changes as Record<string, unknown>)[key]);
  }
  merged.set('forkOf', { id: checkedParent.id, version: checkedParent.version });
  return parseWith(ListingSchema, Object.fromEntries(merged), 'fork');
}

function forkableShape() {
  const {
    forkOf: _forkOf,
    fingerprint: _fingerprint,
    rating: _rating,
    adoption: _adoption,
    ...shape
  } = ListingSchema.shape;
  return shape;
}

/** An ancestor in a lineage: a listing this one was forked from, directly or not. */
export interface LineageAncestor {
  /** Pattern id. */
  id: string;
  /** The version that was forked. */
  version: string;
  /** Generations up: 1 for the parent, 2 for the grandparent, … */
  depth: number;
  /** Whether `listings` holds this id (when `false`, the chain stops here: its own parent is unknown). */
  known: boolean;
}

/** A descendant in a lineage: a listing forked from this one, directly or not. */
export interface LineageDescendant {
  /** Pattern id. */
  id: string;
  /** Its latest version in `listings`. */
  version: string;
  /** Generations down: 1 for a direct fork. */
  depth: number;
  /** The id it was forked from (to build the tree). */
  parent: string;
  /** The parent's version it was forked from. */
  forkedFromVersion: string;
}

/** The outcome of {@link lineage}. */
export interface Lineage {
  /** The id asked about. */
  id: string;
  /** Ancestors, nearest first. */
  ancestors: LineageAncestor[];
  /** Descendants breadth-first (by depth, then id). */
  descendants: LineageDescendant[];
  /** A fork cycle met while walking up (data error: `a` forked from `b` forked from `a`), as ids ending where it closes; empty when none. */
  cycle: string[];
}

/**
 * The lineage of a pattern: the chain of listings it was forked from and every listing forked
 * from it, from a set of listings (several versions per id allowed; each id's `forkOf` is
 * read from its highest version). Safe on cyclic data: each id is visited once, and a cycle
 * met walking up is reported in `cycle`.
 *
 * @param listings - the catalog (only `id`, `version` and `forkOf` are read)
 * @param id - the pattern id to trace
 * @returns a {@link Lineage}; empty lists when `id` is unknown and no listing names it as parent
 * @throws {@link ValidationError} when `id` is not a string of 1–214 characters, or a listing lacks a valid `id`, `version` or `forkOf`
 * @example
 * ```ts
 * const { ancestors, descendants } = lineage(catalog, 'payments/circuit-breaker');
 * ancestors[0]; // { id: 'acme/circuit-breaker', version: '2.1.0', depth: 1, known: true }
 * ```
 */
export function lineage(
  listings: readonly Pick<Listing, 'id' | 'version' | 'forkOf'>[],
  id: string,
): Lineage {
  parseWith(LineageIdSchema, id, 'pattern id');
  const nodes = parseWith(z.array(LineageNodeSchema).max(1_000_000), listings, 'listings');
  const latest = new Map<string, LineageNode>();
  for (const node of nodes) {
    const current = latest.get(node.id);
    if (!current || semver.gt(node.version, current.version)) latest.set(node.id, node);
  }
  const children = new Map<string, LineageNode[]>();
  for (const node of latest.values()) {
    if (!node.forkOf) continue;
    const list = children.get(node.forkOf.id);
    if (list) list.push(node);
    else children.set(node.forkOf.id, [node]);
  }

  const ancestors: LineageAncestor[] = [];
  const cycle: string[] = [];
  const up = new Set<string>([id]);
  const path = [id];
  let current = latest.get(id);
  while (current?.forkOf) {
    const parent = current.forkOf;
    if (up.has(parent.id)) {
      cycle.push(...path.slice(path.indexOf(parent.id)), parent.id);
      break;
    }
    up.add(parent.id);
    path.push(parent.id);
    const known = latest.get(parent.id);
    ancestors.push({
      id: parent.id,
      version: parent.version,
      depth: ancestors.length + 1,
      known: known !== undefined,
    });
    current = known;
  }

  const descendants: LineageDescendant[] = [];
  const seen = new Set<string>([id]);
  let frontier = [id];
  for (let depth = 1; frontier.length > 0; depth += 1) {
    const next: string[] = [];
    for (const parentId of frontier) {
      const forks = [...(children.get(parentId) ?? [])].sort((a, b) =>
        a.id < b.id ? -1 : a.id > b.id ? 1 : 0,
      );
      for (const child of forks) {
        if (seen.has(child.id)) continue;
        seen.add(child.id);
        descendants.push({
          id: child.id,
          version: child.version,
          depth,
          parent: parentId,
          forkedFromVersion: child.forkOf?.version ?? '',
        });
        next.push(child.id);
      }
    }
    frontier = next;
  }
  return { id, ancestors, descendants, cycle };
}

const LineageIdSchema = z.string().min(1).max(214);

const LineageNodeSchema = z.object({
  id: LineageIdSchema,
  version: SemverSchema,
  forkOf: z.optional(ForkParentSchema),
});
type LineageNode = z.infer<typeof LineageNodeSchema>;

/**
 * What an improvement proposal changes: kind, a summary, and optionally where.
 *
 * @example
 * ```ts
 * ProposedChangeSchema.parse({ kind: 'fix', summary: 'Reset the failure count on success', location: 'src/breaker.ts' });
 * ```
 */
export const ProposedChangeSchema = z.strictObject({
  kind: z.enum(['fix', 'feature', 'performance', 'security', 'documentation', 'refactor', 'tests']),
  summary: z.string().min(1).max(1000),
  /** A file path or section the change touches. */
  location: z.string().max(1024).optional(),
});
/** A proposed change. */
export type ProposedChange = z.infer<typeof ProposedChangeSchema>;

/**
 * An improvement proposal: a fork offering its changes back to the pattern it was forked
 * from (like a pull request between listings). `id` is the fingerprint of the rest, so the
 * same proposal always has the same id.
 *
 * @example
 * ```ts
 * const proposal = ImprovementProposalSchema.parse(JSON.parse(proposalJson)); // e.g. a proposal received over HTTP
 * ```
 */
export const ImprovementProposalSchema = z.strictObject({
  id: z.string().regex(/^sha256-[A-Za-z0-9+/]{43}=$/, 'must be an SRI sha256 digest'),
  /** The fork offering the change, at the version that has it. */
  fork: ForkParentSchema,
  /** The fork's publisher, who proposes. */
  proposer: PublisherSchema,
  /** The listing the fork came from, at the version the proposal targets. */
  parent: ForkParentSchema,
  title: z.string().min(1).max(200),
  description: z.string().max(20_000).default(''),
  changes: z.array(ProposedChangeSchema).min(1).max(200),
  status: z.enum(['open', 'accepted', 'rejected', 'withdrawn']).default('open'),
  createdAt: z.optional(IsoDateTimeSchema),
});
/** An improvement proposal (see {@link ImprovementProposalSchema}). */
export type ImprovementProposal = z.infer<typeof ImprovementProposalSchema>;

/** What {@link proposeImprovement} needs besides the two listings. */
export interface ImprovementDetails {
  /** One-line title, 1–200 characters. */
  title: string;
  /** What and why, Markdown, up to 20 000 characters. @default '' */
  description?: string;
  /** The changes offered, at least one. */
  changes: z.input<typeof ProposedChangeSchema>[];
  /** When it was proposed (ISO 8601); optional because library code takes no clock. */
  createdAt?: string;
}

/**
 * Proposes a fork's improvements back to its parent. The fork must descend directly from the
 * parent's id (`fork.forkOf.id === parent.id`); the proposal targets the parent's given version.
 *
 * @param fork - the forked listing
 * @param parent - the listing it was forked from (any version of it)
 * @param details - {@link ImprovementDetails}: title, description, changes, createdAt
 * @returns a valid {@link ImprovementProposal} with status `open` and a content-derived `id`
 * @throws {@link LineageError} `E_NOT_A_FORK` when `fork` was not forked from `parent`'s id
 * @throws {@link ValidationError} when a listing or the details are invalid
 * @example
 * ```ts
 * const parent = listing; // the listing `fork` was forked from
 * const proposal = proposeImprovement(fork, parent, {
 *   title: 'Jittered backoff',
 *   changes: [{ kind: 'performance', summary: 'Add full jitter to retries', location: 'src/retry.ts' }],
 * });
 * proposal.parent; // { id: 'acme/retry', version: '1.4.0' }
 * ```
 */
export function proposeImprovement(
  fork: Listing | ListingInput,
  parent: Listing | ListingInput,
  details: ImprovementDetails,
): ImprovementProposal {
  const child = parseWith(ListingSchema, fork, 'fork');
  const origin = parseWith(ListingSchema, parent, 'parent listing');
  if (child.forkOf?.id !== origin.id) {
    throw new LineageError(
      'E_NOT_A_FORK',
      `${child.id} is not a fork of ${origin.id}${child.forkOf ? ` (it was forked from ${child.forkOf.id})` : ''}`,
    );
  }
  const body = {
    fork: { id: child.id, version: child.version },
    proposer: child.publisher,
    parent: { id: origin.id, version: origin.version },
    title: details?.title,
    description: details?.description ?? '',
    changes: details?.changes,
    status: 'open',
    ...(details?.createdAt === undefined ? {} : { createdAt: details.createdAt }),
  };
  const checked = parseWith(ImprovementProposalSchema.omit({ id: true }), body, 'improvement proposal');
  return parseWith(
    ImprovementProposalSchema,
    { id: fingerprint(checked), ...checked },
    'improvement proposal',
  );
}
