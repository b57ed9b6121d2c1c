import type { Listing } from '@pollinate/core/model';
import { checkedEmbeddings, type Embedder, embedNormalized, squaredNorm } from './embedder.js';
import { grownCapacity } from './internal/scratch.js';
import { embeddingWords } from './word-vectors.js';

/** The text of a listing that is embedded: name, tagline, description, tags and category. */
export function listingText(listing: Listing): string {
  const tagline = listing.metadata?.tagline;
  return `${listing.name} ${tagline ?? ''} ${listing.description} ${listing.tags.join(' ')} ${listing.category}`;
}

/** How many content words (not stop words) a query has, as the embedders see words. */
export function contentWordCount(text: string): number {
  return embeddingWords(text).length;
}

const QUANTUM = 127;

/**
 * The listings' unit vectors by the engine's short document id, quantized to signed
 * bytes (`round(127 · v)`): a 100-dimension catalog of 227k listings holds 23 MB. Cosine of
 * two quantized unit vectors ≈ their integer dot product / 127².
 */
export class SemanticStore {
  readonly embedder: Embedder;
  readonly dimension: number;
  vectors: Int8Array = new Int8Array(0);
  /** 1 where the slot holds a non-zero vector. */
  present: Uint8Array = new Uint8Array(0);
  private readonly query: Int32Array;

  constructor(embedder: Embedder) {
    this.embedder = embedder;
    this.dimension = embedder.dimension;
    this.query = new Int32Array(embedder.dimension);
  }

  /**
   * Embeds listings (in batches of 1,024) and returns their quantized vectors, one per
   * listing: views into one buffer of `listings.length × dimension` bytes, each vector
   * normalized and quantized straight from the embedder's output (no copy per listing).
   */
  embedListings(listings: readonly Listing[]): Int8Array[] {
    const { dimension } = this;
    const buffer = new Int8Array(listings.length * dimension);
    const out: Int8Array[] = [];
    for (let start = 0; start < listings.length; start += 1024) {
      const batch = listings.slice(start, start + 1024).map(listingText);
      embedQuantized(this.embedder, batch, buffer, start * dimension);
    }
    for (let position = 0; position < listings.length; position++)
      out.push(buffer.subarray(position * dimension, (position + 1) * dimension));
    return out;
  }

  set(slot: number, vector: Int8Array): void {
    const { dimension } = this;
    if ((slot + 1) * dimension > this.vectors.length) {
      const capacity = grownCapacity(this.present.length, slot + 1);
      const vectors = new Int8Array(capacity * dimension);
      vectors.set(this.vectors);
      this.vectors = vectors;
      const present = new Uint8Array(capacity);
      present.set(this.present);
      this.present = present;
    }
    this.vectors.set(vector, slot * dimension);
    let nonZero = 0;
    for (let d = 0; d < dimension; d++) nonZero |= vector[d] as number;
    this.present[slot] = nonZero === 0 ? 0 : 1;
  }

  clear(slot: number): void {
    if (slot < this.present.length) this.present[slot] = 0;
  }

  /**
   * The `limit` slots most similar to the query text (cosine ≥ `minSimilarity`) among those
   * `accept` keeps, best first (ties by slot). One pass over the stored vectors.
   */
  nearest(
    text: string,
    accept: (slot: number) => boolean,
    limit: number,
    minSimilarity: number,
  ): { slots: number[]; similarities: number[] } {
    const [unit] = embedNormalized(this.embedder, [text]);
    const { dimension, vectors, present, query } = this;
    let nonZero = false;
    for (let d = 0; d < dimension; d++) {
      query[d] = Math.round((unit?.[d] ?? 0) * QUANTUM);
      if (query[d] !== 0) nonZero = true;
    }
    if (!nonZero || limit === 0) return { slots: [], similarities: [] };
    const floor = Math.ceil(minSimilarity * QUANTUM * QUANTUM);
    // A small sorted list of the best (dot, slot), worst last.
    const dots: number[] = [];
    const slots: number[] = [];
    let bar = floor;
    for (let slot = 0, offset = 0; slot < present.length; slot++, offset += dimension) {
      if (present[slot] === 0) continue;
      let dot = 0;
      for (let d = 0; d < dimension; d++) dot += (query[d] as number) * (vectors[offset + d] as number);
      if (dot < bar || (dots.length === limit && dot === bar)) continue;
      if (!accept(slot)) continue;
      let at = dots.length;
      while (at > 0 && (dots[at - 1] as number) < dot) at--;
      dots.splice(at, 0, dot);
      slots.splice(at, 0, slot);
      if (dots.length > limit) {
        dots.pop();
        slots.pop();
      }
      if (dots.length === limit) bar = Math.max(floor, dots[limit - 1] as number);
    }
    const similarities = dots.map((dot) => dot / (QUANTUM * QUANTUM));
    return { slots, similarities };
  }

  /**
   * Re-ranks candidates with the embedder's finer `similarity` (when it has one), keeping the
   * best `limit`; otherwise keeps the first `limit` as they are.
   */
  rerank(
    text: string,
    found: { slots: number[]; similarities: number[] },
    listingAt: (slot: number) => Listing,
    limit: number,
  ): { slots: number[]; similarities: number[] } {
    const similarity = this.embedder.similarity?.bind(this.embedder);
    if (similarity === undefined)
      return { slots: found.slots.slice(0, limit), similarities: found.similarities.slice(0, limit) };
    const scored = found.slots.map((slot, position) => ({
      slot,
      position,
      score: similarity(text, listingText(listingAt(slot))),
    }));
    scored.sort((a, b) => b.score - a.score || a.position - b.position);
    const kept = scored.slice(0, limit);
    return { slots: kept.map((item) => item.slot), similarities: kept.map((item) => item.score) };
  }
}

/**
 * Calls the embedder (its output checked as {@link embedNormalized} checks it) and writes each
 * vector, scaled to unit length and quantized to signed bytes, into `out` from `offset` on.
 */
function embedQuantized(embedder: Embedder, texts: readonly string[], out: Int8Array, offset: number): void {
  const vectors = checkedEmbeddings(embedder, texts);
  const { dimension } = embedder;
  vectors.forEach((vector, position) => {
    const norm = squaredNorm(vector, position);
    if (norm === 0) return; // a zero vector stays zero (out is zero-filled)
    const inverse = 1 / Math.sqrt(norm);
    const at = offset + position * dimension;
    // Rounded through float32 as embedNormalized's unit vectors are, so a listing and a query
    // of the same text quantize alike.
    for (let d = 0; d < dimension; d++)
      out[at + d] = Math.round(Math.fround((vector[d] as number) * inverse) * QUANTUM);
  });
}
