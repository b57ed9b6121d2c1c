/**
 * Interns strings to dense integer ids 0, 1, 2, … with an open-addressing hash table over
 * typed arrays. Internal: screening a million reviews interns their ids, reviewers and
 * patterns once and then works on integers, without a `Map` or `Set` of a million
 * strings (whose growth and garbage-collector tracing dominated the cost).
 */
export class StringIndex {
  /** The interned strings, by id. */
  readonly values: string[] = [];
  /** Slot → id + 1 (0 = empty). */
  private slots: Int32Array;
  /** Slot → the string's 32-bit hash, to skip most string comparisons. */
  private hashes: Int32Array;
  private mask: number;

  /** @param expected - about how many distinct strings will be added (sizes the table once) */
  constructor(expected = 16) {
    let capacity = 16;
    while (capacity < expected * 2) capacity *= 2;
    this.slots = new Int32Array(capacity);
    this.hashes = new Int32Array(capacity);
    this.mask = capacity - 1;
  }

  /** How many distinct strings have been added. */
  get size(): number {
    return this.values.length;
  }

  /** The id of `key`, or −1 when it has not been added. */
  get(key: string): number {
    const hash = stringHash(key);
    for (let slot = hash & this.mask; ; slot = (slot + 1) & this.mask) {
      const entry = this.slots[slot]!;
      if (entry === 0) return -1;
      if (this.hashes[slot] === hash && this.values[entry - 1] === key) return entry - 1;
    }
  }

  /** The id of `key`, adding it (with the next id) when it is new. */
  add(key: string): number {
    const hash = stringHash(key);
    let slot = hash & this.mask;
    for (; ; slot = (slot + 1) & this.mask) {
      const entry = this.slots[slot]!;
      if (entry === 0) break;
      if (this.hashes[slot] === hash && this.values[entry - 1] === key) return entry - 1;
    }
    const id = this.values.length;
    this.values.push(key);
    this.slots[slot] = id + 1;
    this.hashes[slot] = hash;
    if (this.values.length * 2 > this.slots.length) this.grow();
    return id;
  }

  private grow(): void {
    const capacity = this.slots.length * 2;
    const slots = new Int32Array(capacity);
    const hashes = new Int32Array(capacity);
    const mask = capacity - 1;
    for (let old = 0; old < this.slots.length; old++) {
      const entry = this.slots[old]!;
      if (entry === 0) continue;
      let slot = this.hashes[old]! & mask;
      while (slots[slot] !== 0) slot = (slot + 1) & mask;
      slots[slot] = entry;
      hashes[slot] = this.hashes[old]!;
    }
    this.slots = slots;
    this.hashes = hashes;
    this.mask = mask;
  }
}

/** FNV-1a over the UTF-16 code units, finished with MurmurHash3's mixer (Appleby) for the low bits. */
function stringHash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  return h;
}
