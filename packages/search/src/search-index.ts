import { parseWith } from '@pollinate/core/helpers';
import {
  createListingParser,
  isParsedListing,
  type Listing,
  PatternIdSchema,
  ValidationError,
} from '@pollinate/core/model';
import MiniSearch, { type Options as MiniSearchOptions } from 'minisearch';
import * as z from 'zod';
import type { Embedder } from './embedder.js';
import { DuplicateListingError, ListingNotFoundError } from './errors.js';
import { FacetCounter, type FacetName } from './filters.js';
import { grown, grownCapacity, ScratchArrays } from './internal/scratch.js';
import { TextScorer } from './internal/text-scorer.js';
import { SemanticStore } from './semantic.js';
import { adoptionSignal, ratingSignal } from './signals.js';

const positive = z.number().positive().finite();
const weight = z.number().min(0).finite();

/**
 * The zod schema of {@link IndexOptions} that {@link createIndex} applies; `parse` fills in
 * every default (the result is a {@link ResolvedIndexOptions}).
 *
 * @example
 * ```ts
 * IndexOptionsSchema.parse({}).boost; // { name: 3, tags: 2, description: 1 }
 * ```
 */
export const IndexOptionsSchema = z.strictObject({
  boost: z
    .strictObject({ name: positive.default(3), tags: positive.default(2), description: positive.default(1) })
    .default({ name: 3, tags: 2, description: 1 }),
  combineWith: z.enum(['or', 'and']).default('or'),
  prefix: z
    .strictObject({
      mode: z.enum(['last-term', 'all', 'none']).default('last-term'),
      minLength: z.number().int().min(1).max(100).default(3),
    })
    .default({ mode: 'last-term', minLength: 3 }),
  fuzzy: z
    .strictObject({
      mode: z.enum(['fallback', 'always', 'never']).default('fallback'),
      distance: z.number().min(0).max(1).default(0.2),
      maxDistance: z.number().int().min(0).max(10).default(2),
      minLength: z.number().int().min(1).max(100).default(5),
      minResults: z.number().int().min(0).default(1),
      names: z.boolean().default(true),
      nameMinLength: z.number().int().min(1).max(100).default(4),
    })
    .default({
      mode: 'fallback',
      distance: 0.2,
      maxDistance: 2,
      minLength: 5,
      minResults: 1,
      names: true,
      nameMinLength: 4,
    }),
  ranking: z
    .strictObject({
      method: z.enum(['weighted', 'rrf']).default('weighted'),
      k: positive.default(60),
      weights: z
        .strictObject({
          text: weight.default(1),
          rating: weight.default(0.1),
          adoption: weight.default(0.1),
          fit: weight.default(0.1),
        })
        .default({ text: 1, rating: 0.1, adoption: 0.1, fit: 0.1 }),
      depth: z.number().int().min(1).max(100_000).default(1000),
      coverageFirst: z.boolean().default(true),
    })
    .default({
      method: 'weighted',
      k: 60,
      weights: { text: 1, rating: 0.1, adoption: 0.1, fit: 0.1 },
      depth: 1000,
      coverageFirst: true,
    }),
  validate: z.boolean().default(true),
  semantic: z
    .strictObject({
      minWords: z.number().int().min(0).max(1000).default(3),
      candidates: z.number().int().min(0).max(10_000).default(50),
      minSimilarity: z.number().min(-1).max(1).default(0),
      weight: weight.default(3),
      depth: z.number().int().min(1).max(10_000).default(100),
      rerank: z.number().int().min(1).max(100).default(4),
    })
    .default({ minWords: 3, candidates: 50, minSimilarity: 0, weight: 3, depth: 100, rerank: 4 }),
});

/**
 * Options of {@link createIndex}. Every field is optional; the defaults are the ones
 * measured in the package README's benchmark.
 */
export interface IndexOptions {
  /**
   * Field boosts (finite numbers > 0). The `name` field holds the listing name and the name
   * part of its id; `tags` holds the tags and the category; `description` holds the tagline
   * and the description.
   * @default { name: 3, tags: 2, description: 1 }
   */
  boost?: { name?: number; tags?: number; description?: number };
  /** How query terms combine: `'or'` (any term, BM25 ranks) or `'and'` (every term). @default 'or' */
  combineWith?: 'or' | 'and';
  /**
   * Prefix matching: `mode` `'last-term'` (only the term being typed: the last one, unless
   * the text ends with a space), `'all'` or `'none'`; terms shorter than `minLength` are
   * never expanded.
   * @default { mode: 'last-term', minLength: 3 }
   */
  prefix?: { mode?: 'last-term' | 'all' | 'none'; minLength?: number };
  /**
   * Fuzzy matching (MiniSearch's edit distance): `mode` `'fallback'` (fuzzy matching for the
   * long terms that match nothing — with `combineWith: 'or'` known up front from the term
   * dictionary, so in the same pass — then, if fewer than `minResults` listings pass the
   * filters, one more pass with every long term fuzzy), `'always'` or `'never'`;
   * only terms of at least `minLength` characters are fuzzy; the edit distance is
   * `distance` × term length (0–1), at most `maxDistance`. With `'fallback'` and `names`, a
   * query typed like a package name (one token: `meteo-promise`, `@scope/nzde-yaml`) that is
   * no listing's name or id has every term of at least `nameMinLength` characters matched
   * fuzzily in its one pass, since a typo can turn a word into another word (the part being
   * typed too, when it matches nothing as typed or as a prefix), and — unless `prefix.mode`
   * is `'none'` — while a name of several parts is typed (no trailing space), every part of 2
   * characters or more matched as a prefix as well, since any part may be cut short
   * (`mu-icons` finds `mui-icons`, `react-na` finds `react-native`).
   * @default { mode: 'fallback', distance: 0.2, maxDistance: 2, minLength: 5, minResults: 1, names: true, nameMinLength: 4 }
   */
  fuzzy?: {
    mode?: 'fallback' | 'always' | 'never';
    distance?: number;
    maxDistance?: number;
    minLength?: number;
    minResults?: number;
    names?: boolean;
    nameMinLength?: number;
  };
  /** How relevance combines text and signals; see {@link RankingOptions}. */
  ranking?: RankingOptions;
  /**
   * Validate every listing with core's `ListingSchema` and index the parsed copy (so later
   * changes to the caller's objects cannot reach the index). Listings returned by core's
   * `parseListing` / `safeParseListing` are deeply frozen, hence still valid, and are
   * indexed as they are without a second parse (core's `isParsedListing`). `false` also
   * trusts plain objects: the caller vouches that they are valid listings and will not
   * change them.
   * @default true
   */
  validate?: boolean;
  /**
   * The model of semantic matching: with one, every listing's text (name, tagline,
   * description, tags, category) is embedded when indexed, and queries of at least
   * `semantic.minWords` content words are answered by hybrid retrieval (BM25 and vector
   * candidates fused by reciprocal rank fusion). The default model is
   * `englishEmbedder()` from `@pollinate/search/word-vectors`.
   * @default none (keyword search only)
   */
  embedder?: Embedder;
  /** How hybrid retrieval runs (only with an `embedder`); see {@link SemanticOptions}. */
  semantic?: SemanticOptions;
}

/**
 * Hybrid retrieval settings. The keyword ranking (its first `depth` hits, exact names and
 * coverage tiers included) and the vector ranking (the `candidates` listings passing the
 * filters whose cosine with the query is at least `minSimilarity`) are fused by reciprocal
 * rank fusion, `1/(k + keyword rank) + weight/(k + vector rank)` (`k` of the ranking options);
 * exact names stay first.
 */
export interface SemanticOptions {
  /** Queries with fewer content words (stop words excluded) stay keyword-only (lookups). Integer ≥ 0. @default 3 */
  minWords?: number;
  /** Vector candidates per query, integer 0–10,000. @default 50 */
  candidates?: number;
  /** Least cosine of a vector candidate (before re-ranking), on [−1, 1]. @default 0 */
  minSimilarity?: number;
  /**
   * Weight of the vector ranking in the fusion (the keyword ranking weighs 1), ≥ 0; measured
   * on the problem-statement queries of the evaluation suite: 0.5 → MRR@10 0.354, 2 → 0.405,
   * 3 → 0.424, 5 → 0.421.
   * @default 3
   */
  weight?: number;
  /** How many keyword hits enter the fusion, integer 1–10,000. @default 100 */
  depth?: number;
  /**
   * With an embedder that has a finer `similarity` (the word-vector one aligns words), the
   * `rerank × candidates` nearest vectors are re-ranked by it and the best `candidates` kept.
   * Integer 1–100 (1: no re-ranking).
   * @default 4
   */
  rerank?: number;
}

/**
 * How relevance ranking combines text relevance with social proof and technical fit (see
 * {@link search}). Each signal is on [0, 1]: `text` is the BM25 score over the best text
 * score of the query; `rating` the Bayesian average rating
 * `(5·3 + n·r) / (5 + n) / 5` (prior of 5 reviews at 3 stars); `adoption`
 * `min(1, log10(1 + downloads) / 9)`; `fit` the share of the query's environment entries
 * that the listing's compatibility matrix declares and satisfies.
 */
export interface RankingOptions {
  /** `'weighted'`: Σ weight × signal; `'rrf'`: reciprocal rank fusion of one ranking per signal. @default 'weighted' */
  method?: 'weighted' | 'rrf';
  /** RRF's `k` (> 0). @default 60 */
  k?: number;
  /** Weights (≥ 0) of the signals. @default { text: 1, rating: 0.1, adoption: 0.1, fit: 0.1 } */
  weights?: { text?: number; rating?: number; adoption?: number; fit?: number };
  /**
   * How many of the best text matches (after filters) are re-ranked by fusion; hits beyond
   * that follow in text-score order. Integer 1–100,000.
   * @default 1000
   */
  depth?: number;
  /**
   * Order the re-ranked head by how many of the query's content words (stop words excluded,
   * exact, prefix or fuzzy matches alike) each listing matched before fusion scores: the
   * "words" criterion of Algolia's tie-breaking ranking. It keeps a listing that matches
   * every rare word of a query above listings that match one of them in a heavier field or
   * are more popular. Exact names still come first.
   * @default true
   */
  coverageFirst?: boolean;
}

/** {@link IndexOptions} with every default filled in. */
export type ResolvedIndexOptions = z.infer<typeof IndexOptionsSchema>;

/** The indexed fields, in MiniSearch field order. */
export const INDEXED_FIELDS = ['name', 'tags', 'description'] as const;

/** The MiniSearch options derived from ours (the same for build and load). */
export function engineOptions(_options: ResolvedIndexOptions): MiniSearchOptions<Listing> {
  return {
    fields: [...INDEXED_FIELDS],
    idField: 'id',
    storeFields: [],
    extractField: extractField as MiniSearchOptions<Listing>['extractField'],
    autoVacuum: false,
  };
}

function extractField(listing: Listing, field: string): string | undefined {
  switch (field) {
    case 'id':
      return listing.id;
    case 'name': {
      const idName = idNamePart(listing.id);
      return normalizeName(listing.name) === idName ? listing.name : `${listing.name} ${idName}`;
    }
    case 'tags':
      return listing.tags.length === 0 ? listing.category : `${listing.tags.join(' ')} ${listing.category}`;
    case 'description': {
      const tagline = listing.metadata?.tagline;
      return tagline ? `${tagline} ${listing.description}` : listing.description;
    }
    default:
      return undefined;
  }
}

/** The name part of a `scope/name` id. */
export function idNamePart(id: string): string {
  const slash = id.indexOf('/');
  return slash === -1 ? id : id.slice(slash + 1);
}

/** How names and queries are compared for an exact-name match: trimmed, lowercase, inner spaces collapsed. */
export function normalizeName(text: string): string {
  return text.trim().toLowerCase().replace(/\s+/g, ' ');
}

/**
 * A normalized name without its separators (spaces, `-`, `_`, `.`, `/`, `@`): `flowbite-mcp`,
 * `flowbitem-cp` and `flowbitemcp` are one compact name, so a typo that drops, adds or moves
 * a separator still finds the name.
 */
export function compactName(normalized: string): string {
  return normalized.replace(/[\s\-_./@]+/g, '');
}

/**
 * A search index over listings: a MiniSearch full-text index plus the listings themselves
 * (for filters, facets and sorting) and an exact-name table.
 *
 * **Mutability:** an index is a mutable object, like a MiniSearch instance. {@link add},
 * {@link remove} and {@link replace} change it in place (and return it); {@link search}
 * and {@link serializeIndex} only read it. Create one with {@link createIndex} or
 * {@link loadIndex}, never with `new`.
 *
 * @example
 * ```ts
 * const index = createIndex(listings);
 * index.size; // number of listings
 * index.get('acme/circuit-breaker')?.name;
 * ```
 */
export class SearchIndex {
  /** The options in force, with defaults filled in (read-only). */
  readonly options: ResolvedIndexOptions;
  /** @internal the MiniSearch full-text index */
  readonly engine: MiniSearch<Listing>;
  /** @internal id → listing and its facet codes, in insertion order */
  readonly records: Map<string, IndexedRecord>;
  /** @internal facet value dictionaries (value ↔ small integer code) */
  readonly dictionaries: Record<FacetName, FacetDictionary>;
  /** @internal normalized name → ids (exact level 2; an id typed in full is level 2 too) */
  readonly exactNames: NameTable;
  /** @internal name part of the id → ids (exact level 1: `core` for `babel/core`) */
  readonly idNames: NameTable;
  /** @internal compact name → ids, for names with separators (see {@link compactName}; a name without any is in `exactNames`) */
  readonly compactNames: NameTable;
  /** @internal BM25 scoring over the engine's posting lists */
  readonly text: TextScorer;
  /** @internal the engine's short document id → record */
  readonly slots: (IndexedRecord | undefined)[];
  /** @internal facet codes by short document id */
  readonly columns: ListingColumns;
  /** @internal typed arrays reused by queries */
  readonly scratch: ScratchArrays;
  /** @internal the listings' vectors, when the index has an embedder */
  readonly semantic: SemanticStore | undefined;
  /** The facet counts of every listing (no filter), until the next change. */
  private catalogCounts: FacetCounter | undefined;

  /** @internal use {@link createIndex} or {@link loadIndex} */
  constructor(options: ResolvedIndexOptions, engine: MiniSearch<Listing>, embedder?: Embedder) {
    this.options = options;
    this.engine = engine;
    this.semantic = embedder === undefined ? undefined : new SemanticStore(embedder);
    this.records = new Map();
    this.dictionaries = {
      category: new FacetDictionary(),
      tags: new FacetDictionary(),
      license: new FacetDictionary(),
      tier: new FacetDictionary(),
      pricing: new FacetDictionary(),
    };
    this.exactNames = new NameTable();
    this.idNames = new NameTable();
    this.compactNames = new NameTable();
    this.scratch = new ScratchArrays();
    this.text = new TextScorer(engine as MiniSearch<unknown>, INDEXED_FIELDS, this.scratch);
    this.slots = [];
    this.columns = new ListingColumns();
  }

  /** The embedder of semantic matching, if the index has one. */
  get embedder(): Embedder | undefined {
    return this.semantic?.embedder;
  }

  /** How many listings the index holds. */
  get size(): number {
    return this.records.size;
  }

  /**
   * Whether a listing with this id is indexed.
   *
   * @param id - a listing id such as `acme/circuit-breaker`
   */
  has(id: string): boolean {
    return this.records.has(id);
  }

  /**
   * The indexed listing with this id, or `undefined`.
   *
   * @param id - a listing id
   */
  get(id: string): Listing | undefined {
    return this.records.get(id)?.listing;
  }

  /** Every indexed listing, in the order they were added. */
  *listings(): IterableIterator<Listing> {
    for (const record of this.records.values()) yield record.listing;
  }

  /** @internal the facet counts of every listing, with no filter (kept until the next change) */
  catalogFacets(): FacetCounter {
    if (this.catalogCounts === undefined) {
      const counter = new FacetCounter(this.dictionaries);
      for (const record of this.records.values()) counter.count(this.columns, record.slot, 0);
      this.catalogCounts = counter;
    }
    return this.catalogCounts;
  }

  /** @internal record a listing (already in the engine) in the side tables, with its vector when semantic */
  track(listing: Listing, vector?: Int8Array): void {
    this.catalogCounts = undefined;
    const { dictionaries } = this;
    const tier = listing.metadata?.excellenceTier;
    const slot = this.text.admit(listing.id);
    if (this.semantic !== undefined)
      this.semantic.set(slot, vector ?? (this.semantic.embedListings([listing])[0] as Int8Array));
    const record: IndexedRecord = {
      listing,
      slot,
      category: dictionaries.category.code(listing.category),
      tags:
        listing.tags.length === 0
          ? NO_TAGS
          : [...new Set(listing.tags)].map((tag) => dictionaries.tags.code(tag)),
      license: dictionaries.license.code(listing.license),
      tier: tier === undefined ? -1 : dictionaries.tier.code(tier),
      pricing: dictionaries.pricing.code(listing.pricing.model),
    };
    this.records.set(listing.id, record);
    this.slots[slot] = record;
    this.columns.set(record);
    const name = normalizeName(listing.name);
    this.exactNames.link(name, listing.id);
    this.idNames.link(idNamePart(listing.id), listing.id);
    const compact = compactName(name);
    if (compact !== name) this.compactNames.link(compact, listing.id);
  }

  /** @internal forget a listing in the side tables */
  untrack(listing: Listing): void {
    this.catalogCounts = undefined;
    const record = this.records.get(listing.id);
    if (record !== undefined) {
      this.slots[record.slot] = undefined;
      this.semantic?.clear(record.slot);
    }
    this.text.invalidate();
    this.records.delete(listing.id);
    const name = normalizeName(listing.name);
    this.exactNames.unlink(name, listing.id);
    this.idNames.unlink(idNamePart(listing.id), listing.id);
    const compact = compactName(name);
    if (compact !== name) this.compactNames.unlink(compact, listing.id);
  }
}

/** A listing with its facet values as dictionary codes (−1: no tier). */
export interface IndexedRecord {
  listing: Listing;
  /** The engine's short document id. */
  slot: number;
  category: number;
  tags: number[];
  license: number;
  tier: number;
  pricing: number;
}

/**
 * A record's facet codes and ranking signals by the engine's short document id
 * (structure of arrays): counting facets over tens of thousands of matches, or fusing the
 * signals of a thousand, reads small typed arrays instead of chasing a pointer to each
 * record and listing.
 */
export class ListingColumns {
  category: Int32Array = new Int32Array(0);
  license: Int32Array = new Int32Array(0);
  tier: Int32Array = new Int32Array(0);
  pricing: Int32Array = new Int32Array(0);
  /** `ratingSignal` of each listing. */
  rating: Float64Array = new Float64Array(0);
  /** `adoptionSignal` of each listing. */
  adoption: Float64Array = new Float64Array(0);
  /** Tag codes by short id (a shared empty array for listings without tags). */
  readonly tags: (readonly number[])[] = [];

  set(record: IndexedRecord): void {
    const { slot } = record;
    if (slot >= this.category.length) {
      const capacity = grownCapacity(this.category.length, slot + 1);
      this.category = grown(this.category, capacity);
      this.license = grown(this.license, capacity);
      this.tier = grown(this.tier, capacity);
      this.pricing = grown(this.pricing, capacity);
      this.rating = grown(this.rating, capacity);
      this.adoption = grown(this.adoption, capacity);
    }
    this.category[slot] = record.category;
    this.license[slot] = record.license;
    this.tier[slot] = record.tier;
    this.pricing[slot] = record.pricing;
    this.rating[slot] = ratingSignal(record.listing);
    this.adoption[slot] = adoptionSignal(record.listing);
    this.tags[slot] = record.tags;
  }
}

/** Facet values ↔ small integer codes; codes are never reused, so counts can live in arrays. */
export class FacetDictionary {
  readonly codes = new Map<string, number>();
  readonly values: string[] = [];

  code(value: string): number {
    let code = this.codes.get(value);
    if (code === undefined) {
      code = this.values.length;
      this.codes.set(value, code);
      this.values.push(value);
    }
    return code;
  }
}

const NO_TAGS: number[] = [];

/** key → ids; one id is stored as a plain string (most names are unique), several as an array. */
export class NameTable {
  private readonly table = new Map<string, string | string[]>();

  /** The ids under a key (empty when none). */
  get(key: string): readonly string[] {
    const value = this.table.get(key);
    return value === undefined ? [] : typeof value === 'string' ? [value] : value;
  }

  link(key: string, id: string): void {
    const value = this.table.get(key);
    if (value === undefined) this.table.set(key, id);
    else if (typeof value === 'string') {
      if (value !== id) this.table.set(key, [value, id]);
    } else if (!value.includes(id)) value.push(id);
  }

  unlink(key: string, id: string): void {
    const value = this.table.get(key);
    if (value === undefined) return;
    if (typeof value === 'string') {
      if (value === id) this.table.delete(key);
      return;
    }
    const rest = value.filter((other) => other !== id);
    this.table.set(key, rest.length === 1 ? (rest[0] as string) : rest);
  }
}

/** Core's compiled listing parser, created on first use. */
let bulkParser: ((input: unknown) => Listing) | undefined;

/**
 * Parses one listing of a bulk load (an index build, a serialized index) with core's compiled
 * parser: `parseListing`'s checks, results and errors, compiled once for every index.
 */
export function parseBulkListing(input: unknown): Listing {
  bulkParser ??= createListingParser();
  return bulkParser(input);
}

/**
 * Validates a listing when the index asks for it (a listing core's `parseListing` returned is
 * deeply frozen, so still valid: it is kept as it is); always checks the id so state stays
 * sound.
 */
function admit(index: SearchIndex, listing: unknown): Listing {
  if (isParsedListing(listing)) return listing;
  // The parsed copy is frozen too: nothing can change a listing inside the index. Indexes
  // validate in bulk, so with core's compiled parser (parseListing's checks and errors).
  if (index.options.validate) return parseBulkListing(listing);
  const candidate = listing as Partial<Listing> | null;
  const id = typeof candidate === 'object' && candidate !== null ? candidate.id : undefined;
  if (!PatternIdSchema.safeParse(id).success || typeof candidate?.name !== 'string')
    throw new ValidationError(
      [{ path: ['id'], message: 'not a parsed listing (id or name missing)' }],
      'listing',
    );
  return listing as Listing;
}

/**
 * Runs a parse of the listing at `position` of a list; a `ValidationError`'s paths
 * are prefixed with the position (subject `listings`).
 */
export function atPosition<T>(position: number, parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    if (error instanceof ValidationError)
      throw new ValidationError(
        error.issues.map((issue) => ({ ...issue, path: [position, ...issue.path] })),
        'listings',
      );
    throw error;
  }
}

/**
 * Builds a search index over listings (MiniSearch BM25 over name, tags and description,
 * with the field boosts of {@link IndexOptions}), keeping what filters, facets and sorting
 * need. All or nothing: on a bad or duplicate listing nothing is returned.
 *
 * @param listings - the catalog; each is validated with core's `ListingSchema` (and the
 *   parsed copy indexed) unless it is a listing core's `parseListing` returned (frozen,
 *   indexed as it is) or `options.validate` is `false`
 * @param options - {@link IndexOptions}; every default is listed there
 * @returns a new {@link SearchIndex}
 * @throws `ValidationError` (from core) when a listing or an option is malformed, with the
 *   path of the bad field (prefixed by the listing's position)
 * @throws {@link DuplicateListingError} when two listings share an id
 * @example
 * ```ts
 * const index = createIndex(listings, { boost: { name: 4 }, fuzzy: { mode: 'never' } });
 * search(index, { text: 'circuit breaker' }).hits[0]?.listing.name;
 * ```
 */
export function createIndex(listings: readonly Listing[], options: IndexOptions = {}): SearchIndex {
  const { embedder, ...rest } = options;
  const resolved = parseWith(IndexOptionsSchema, rest, 'index options');
  checkEmbedder(embedder);
  const index = new SearchIndex(resolved, new MiniSearch<Listing>(engineOptions(resolved)), embedder);
  const admitted: Listing[] = [];
  const seen = new Set<string>();
  listings.forEach((listing, position) => {
    const parsed = atPosition(position, () => admit(index, listing));
    if (seen.has(parsed.id)) throw new DuplicateListingError(parsed.id);
    seen.add(parsed.id);
    admitted.push(parsed);
  });
  const vectors = index.semantic?.embedListings(admitted);
  index.engine.addAll(admitted);
  admitted.forEach((listing, position) => {
    index.track(listing, vectors?.[position]);
  });
  return index;
}

/** Checks the shape of an embedder option (its output is checked on every call). */
export function checkEmbedder(embedder: unknown): asserts embedder is Embedder | undefined {
  if (embedder === undefined) return;
  const candidate = embedder as Partial<Embedder> | null;
  if (
    typeof candidate !== 'object' ||
    candidate === null ||
    typeof candidate.embed !== 'function' ||
    typeof candidate.id !== 'string' ||
    !Number.isInteger(candidate.dimension) ||
    (candidate.dimension as number) < 1
  )
    throw new ValidationError(
      [{ path: ['embedder'], message: 'expected { id: string, dimension: integer ≥ 1, embed(texts) }' }],
      'index options',
    );
}

/**
 * Adds a listing to the index, in place.
 *
 * @param index - the index to change
 * @param listing - the listing (validated unless core's `parseListing` returned it or the index was built with `validate: false`)
 * @returns the same index, for chaining
 * @throws `ValidationError` (from core) when the listing is malformed; the index is unchanged
 * @throws {@link DuplicateListingError} when its id is already indexed; the index is unchanged
 * @example
 * ```ts
 * import { parseListing } from '@pollinate/core';
 *
 * add(index, parseListing(body));
 * ```
 */
export function add(index: SearchIndex, listing: Listing): SearchIndex {
  const parsed = admit(index, listing);
  if (index.records.has(parsed.id)) throw new DuplicateListingError(parsed.id);
  const vector = index.semantic?.embedListings([parsed])[0];
  index.engine.add(parsed);
  index.track(parsed, vector);
  return index;
}

/**
 * Removes a listing from the index, in place. The full-text statistics are updated exactly
 * (MiniSearch `remove`, not `discard`), so later results match a fresh build of the
 * remaining catalog.
 *
 * @param index - the index to change
 * @param id - the id of the listing to remove
 * @returns the same index, for chaining
 * @throws {@link ListingNotFoundError} when no listing has this id; the index is unchanged
 * @example
 * ```ts
 * remove(index, 'acme/circuit-breaker');
 * ```
 */
export function remove(index: SearchIndex, id: string): SearchIndex {
  const listing = index.records.get(id)?.listing;
  if (listing === undefined) throw new ListingNotFoundError(id);
  index.engine.remove(listing);
  index.untrack(listing);
  return index;
}

/**
 * Replaces the indexed listing that has the same id (for example with a new version), in
 * place.
 *
 * @param index - the index to change
 * @param listing - the new listing; its `id` names the one replaced
 * @returns the same index, for chaining
 * @throws `ValidationError` (from core) when the listing is malformed; the index is unchanged
 * @throws {@link ListingNotFoundError} when no listing has its id; the index is unchanged
 * @example
 * ```ts
 * replace(index, { ...listing, version: '1.1.0', description: 'Now with half-open probes.' });
 * ```
 */
export function replace(index: SearchIndex, listing: Listing): SearchIndex {
  const parsed = admit(index, listing);
  const previous = index.records.get(parsed.id)?.listing;
  if (previous === undefined) throw new ListingNotFoundError(parsed.id);
  const vector = index.semantic?.embedListings([parsed])[0];
  index.engine.remove(previous);
  index.untrack(previous);
  index.engine.add(parsed);
  index.track(parsed, vector);
  return index;
}
