import type MiniSearch from 'minisearch';

/**
 * The one door to MiniSearch's private fields. The text scorer (`text-scorer.ts`) reads
 * MiniSearch's inverted index directly instead of calling `MiniSearch#search`; everything it
 * needs from MiniSearch beyond the public API — the private fields and the default BM25+
 * parameters and match weights it must reproduce — is declared and checked here, and no
 * other module touches a MiniSearch `_field`.
 *
 * - **Requirement:** scores equal to `MiniSearch#search`'s, computed without its per-match
 *   result objects (see `text-scorer.ts`), on the pinned `minisearch ~7.2`.
 * - **Oracle test:** `minisearch-internals.test.ts` builds a real MiniSearch index and checks
 *   that every field read here exists with the shape and the contents the scorer assumes,
 *   and that MiniSearch's default search options are the constants below; it fails loudly
 *   on a MiniSearch upgrade that moves any of them. `text-scorer.property.test.ts` then
 *   checks scores against `MiniSearch#search`.
 * - **Plain alternative:** `MiniSearch#search` itself: p99 174.3 ms against 15.6 ms for the
 *   whole of our `search` on the 226,974 npm packages (README *Benchmarks*, 2026-11-21).
 */

/** MiniSearch's posting lists of one term: field id → short document id → term frequency. */
export type FieldTermData = Map<number, Map<number, number>>;

/** MiniSearch's radix tree of terms (`SearchableMap`). */
export interface TermTree {
  get(term: string): FieldTermData | undefined;
  has(term: string): boolean;
  atPrefix(prefix: string): Iterable<[string, FieldTermData]> & { keys(): Iterator<string> };
  fuzzyGet(term: string, maxDistance: number): Map<string, [FieldTermData, number]>;
}

/** The MiniSearch 7.2 private fields {@link MiniSearchInternals} reads. */
interface EngineData {
  /** The inverted index: term → field id → short id → term frequency. */
  _index: TermTree;
  /** Field name → field id. */
  _fieldIds: Record<string, number>;
  /** Short id → the document's length (in terms) per field id. */
  _fieldLength: Map<number, (number | undefined)[]>;
  /** Average field length (in terms) per field id. */
  _avgFieldLength: number[];
  /** How many documents the index holds. */
  _documentCount: number;
  /** Document id → short id. */
  _idToShortId: Map<string, number>;
}

/**
 * MiniSearch's internal index data of one engine, checked when made and read live (MiniSearch
 * updates these fields in place as documents are added and removed).
 */
export class MiniSearchInternals {
  private readonly data: EngineData;

  /**
   * @param engine - the MiniSearch index to read
   * @throws Error naming the MiniSearch range to install, when a field is missing or of another kind
   */
  constructor(engine: MiniSearch<unknown>) {
    this.data = checkedEngineData(engine);
  }

  /** The inverted index: term → field id → short id → term frequency. */
  get terms(): TermTree {
    return this.data._index;
  }

  /** The id of an indexed field, or `undefined` when the engine does not index it. */
  fieldId(name: string): number | undefined {
    return this.data._fieldIds[name];
  }

  /** The short id of a document id, or `undefined` when the engine does not hold it. */
  shortId(id: string): number | undefined {
    return this.data._idToShortId.get(id);
  }

  /** A document's length (in terms) per field id, by short id. */
  fieldLengths(shortId: number): readonly (number | undefined)[] | undefined {
    return this.data._fieldLength.get(shortId);
  }

  /** How many documents the engine holds. */
  get documentCount(): number {
    return this.data._documentCount;
  }

  /** The average length (in terms) of a field over the engine's documents. */
  averageFieldLength(fieldId: number): number {
    return this.data._avgFieldLength[fieldId] as number;
  }
}

function checkedEngineData(engine: MiniSearch<unknown>): EngineData {
  const data = engine as unknown as Partial<EngineData>;
  if (
    typeof data._index?.get !== 'function' ||
    typeof data._index.atPrefix !== 'function' ||
    typeof data._index.fuzzyGet !== 'function' ||
    typeof data._fieldIds !== 'object' ||
    !(data._fieldLength instanceof Map) ||
    !Array.isArray(data._avgFieldLength) ||
    typeof data._documentCount !== 'number' ||
    !(data._idToShortId instanceof Map)
  )
    throw new Error(
      '@pollinate/search: this MiniSearch version keeps its index elsewhere; install minisearch ~7.2',
    );
  return data as EngineData;
}

// MiniSearch 7.2's defaults (`defaultSearchOptions`): BM25+ parameters and the weights of
// prefix and fuzzy matches. `minisearch-internals.test.ts` fails if they drift.
/** BM25+ k (term-frequency saturation), MiniSearch's default. */
export const BM25_K = 1.2;
/** BM25+ b (length normalization), MiniSearch's default. */
export const BM25_B = 0.7;
/** BM25+ d (lower bound of a matching term's contribution), MiniSearch's default. */
export const BM25_D = 0.5;
/** Weight of a prefix match, MiniSearch's default. */
export const PREFIX_WEIGHT = 0.375;
/** Weight of a fuzzy match, MiniSearch's default. */
export const FUZZY_WEIGHT = 0.45;
