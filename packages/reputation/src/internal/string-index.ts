/**
 * Interns strings to dense integer ids 0, 1, 2, … with an open-addressing hash table over
 * typed arrays. Internal: screening a million reviews interns their ids, reviewers and
 * patterns once and then works on integers, without a `Map` or `Set` of a million
 * strings (whose growth and garbage-collector tracing dominated the cost).
 *
 * - **Requirement:** screening 1M reviews (and rating every pattern) in about 2 s; reading
 *   and interning the review objects is about 0.55 s of it (README *Benchmark*).
 * - **Oracle test:** `string-index.property.test.ts` checks the dense ids against a `Map`
 *   through growth and hash collisions (and `__proto__`-like keys), and `ItemKeySet`
 *   against a `Set` of earlier keys.
 * - **Plain alternative it beat:** V8's `Map`/`Set`. Pattern ids in a `Map` measured 69 ms
 *   against 150 ms in isolation, but 0.91 s against 0.79 s for the whole screening pipeline
 *   (README *Benchmark*, "What did not help"); the tables here are what the pipeline keeps.
 *
 * Each slot is one record of 16 or 32 bytes: the id, the key's hash, and the key itself
 * when it is short enough (up to 7 or 23 UTF-16 code units, each below 256, like most
 * account and pattern ids), so looking such a key up reads one cache line and never the
 * interned string object, which, among a million reviews, is usually far away in memory
 * (and may be a rope that `===` compares slowly). A longer key is compared with the
 * interned string by `===`.
 */
export class StringIndex {
  /** The interned strings, by id. */
  readonly values: string[] = [];
  /**
   * Slot s is `[w·s .. w·s + w)` with w = {@link StringIndex.width}: id + 1 (0 = empty), the
   * key's 32-bit hash, then the packed key (byte 0 its length, bytes 1… its code units,
   * four bytes to a cell, big-endian), or −1 for a key that does not pack.
   */
  private slots: Int32Array;
  private mask: number;
  /** Cells per slot: 4 or 8 (16 or 32 bytes). */
  private readonly width: number;
  /** Cells of the packed key: 2 or 6. */
  private readonly packedCells: number;
  /** The most code units a packed key holds: 7 or 23. */
  private readonly packedUnits: number;
  /** The packed form of the key being looked up (so that the hot path allocates nothing). */
  private readonly packed: Int32Array;
  /** The slot where the last unsuccessful {@link StringIndex.find} stopped. */
  private emptySlot = 0;

  /**
   * @param expected - about how many distinct strings will be added (sizes the table once)
   * @param packedUnits - keys of up to this many code units (each below 256) are kept in
   *   the slot: 7 (16-byte slots) or 23 (32-byte slots)
   */
  constructor(expected = 16, packedUnits: 7 | 23 = 7) {
    let capacity = 16;
    while (capacity < expected * 2) capacity *= 2;
    this.packedUnits = packedUnits;
    this.packedCells = (packedUnits + 1) / 4;
    this.width = 2 + this.packedCells;
    this.slots = new Int32Array(capacity * this.width);
    this.mask = capacity - 1;
    this.packed = new Int32Array(this.packedCells);
  }

  /** How many distinct strings have been added. */
  get size(): number {
    return this.values.length;
  }

  /** The id of `key`, or −1 when it has not been added. */
  get(key: string): number {
    return this.find(key, this.hashAndPack(key));
  }

  /** The id of `key`, adding it (with the next id) when it is new. */
  add(key: string): number {
    const hash = this.hashAndPack(key);
    const found = this.find(key, hash);
    if (found >= 0) return found;
    const id = this.values.length;
    this.values.push(key);
    const cell = this.width * this.emptySlot;
    const slots = this.slots;
    const packed = this.packed;
    slots[cell] = id + 1;
    slots[cell + 1] = hash;
    for (let k = 0; k < this.packedCells; k++) slots[cell + 2 + k] = packed[k]!;
    if (this.values.length * 2 > this.mask + 1) this.grow();
    return id;
  }

  /**
   * The id of `key`, whose hash and packed form {@link StringIndex.hashAndPack} just
   * computed, or −1 (then {@link StringIndex.emptySlot} is where it would go).
   */
  private find(key: string, hash: number): number {
    const slots = this.slots;
    const mask = this.mask;
    const width = this.width;
    const packed = this.packed;
    const packedCells = this.packedCells;
    const fits = packed[0]! >= 0;
    for (let slot = hash & mask; ; slot = (slot + 1) & mask) {
      const cell = width * slot;
      const entry = slots[cell]!;
      if (entry === 0) {
        this.emptySlot = slot;
        return -1;
      }
      if (slots[cell + 1] !== hash) continue;
      if (fits) {
        let k = 0;
        while (k < packedCells && slots[cell + 2 + k] === packed[k]) k++;
        if (k === packedCells) return entry - 1;
      } else if (slots[cell + 2] === -1 && this.values[entry - 1] === key) return entry - 1;
    }
  }

  /**
   * {@link stringHash} of `key`; also packs it into {@link StringIndex.packed} (or marks
   * it as not packing with −1 in the first cell).
   */
  private hashAndPack(key: string): number {
    const length = key.length;
    const packed = this.packed;
    const cells = this.packedCells;
    if (length > this.packedUnits) {
      packed[0] = -1;
      for (let k = 1; k < cells; k++) packed[k] = 0;
      return stringHash(key);
    }
    // The cells are built in a local (byte 0 the length, then one byte per code unit,
    // big-endian) and stored whole, rather than updated in the array unit by unit.
    let h = 0x811c9dc5;
    let units = 0;
    let cell = length << 24;
    let shift = 16;
    let filled = 0;
    for (let i = 0; i < length; i++) {
      const unit = key.charCodeAt(i);
      h = Math.imul(h ^ unit, 0x01000193);
      units |= unit;
      cell |= unit << shift;
      if (shift === 0) {
        packed[filled++] = cell;
        cell = 0;
        shift = 24;
      } else shift -= 8;
    }
    packed[filled++] = cell;
    while (filled < cells) packed[filled++] = 0;
    if (units > 255) {
      // A unit above 255 does not fit in a byte: the key is compared as a string.
      packed[0] = -1;
      for (let k = 1; k < cells; k++) packed[k] = 0;
    }
    return finishHash(h);
  }

  /** Doubles the table (keeping the load factor ≤ 1/2) and reinserts every record. */
  private grow(): void {
    const old = this.slots;
    const width = this.width;
    const capacity = 2 * (this.mask + 1);
    const slots = new Int32Array(capacity * width);
    const mask = capacity - 1;
    for (let cell = 0; cell < old.length; cell += width) {
      if (old[cell] === 0) continue;
      let slot = old[cell + 1]! & mask;
      while (slots[width * slot] !== 0) slot = (slot + 1) & mask;
      for (let k = 0; k < width; k++) slots[width * slot + k] = old[cell + k]!;
    }
    this.slots = slots;
    this.mask = mask;
  }
}

/** FNV-1a over the UTF-16 code units, finished with MurmurHash3's mixer (Appleby) for the low bits. */
function stringHash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return finishHash(h);
}

/** MurmurHash3's mixer steps (Appleby) over an FNV-1a state, so the low bits index well. */
function finishHash(state: number): number {
  let h = state;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  return h;
}

/**
 * A set of strings kept elsewhere: item k's string is `keyOf(k)`. The table holds item
 * numbers and, in the same 32-bit cell, the top bits of each key's hash (11 bits for a
 * million items: almost every string comparison skipped) in one typed array, with no
 * array of the strings themselves, so checking a million review ids for duplicates
 * allocates nothing on the JavaScript heap and a probe reads one cache line. Internal;
 * sized once for at most `capacity` items.
 */
export class ItemKeySet {
  /**
   * Slot s holds 0 (empty) or `tag << itemBits | (item + 1)`: the item and the top bits of
   * its key's hash in one cell, so a probe reads one cache line.
   */
  private readonly slots: Int32Array;
  private readonly mask: number;
  /** Bits of a slot that hold item + 1. */
  private readonly itemBits: number;
  /** Bits of a slot that hold the hash tag (0 when the items need them all). */
  private readonly tagBits: number;

  /**
   * @param capacity - the most items that will be added
   * @param keyOf - the string of an added item
   */
  constructor(
    capacity: number,
    private readonly keyOf: (item: number) => string,
  ) {
    let slotCount = 16;
    while (slotCount < capacity * 2) slotCount *= 2;
    this.slots = new Int32Array(slotCount);
    this.mask = slotCount - 1;
    let itemBits = 1;
    while (2 ** itemBits <= capacity) itemBits++;
    this.itemBits = Math.min(itemBits, 32);
    this.tagBits = Math.max(0, 32 - this.itemBits);
  }

  /**
   * Adds `item` under `key` unless an item with an equal key is already in the set.
   *
   * @returns the earlier item with the same key, or −1 when `item` was added
   */
  addItem(item: number, key: string): number {
    const hash = stringHash(key);
    const itemBits = this.itemBits;
    const tagBits = this.tagBits;
    // The tag comes from the hash's top bits, the slot from its low bits.
    const tag = tagBits === 0 ? 0 : hash >>> (32 - tagBits);
    const itemMask = itemBits >= 32 ? -1 : (1 << itemBits) - 1;
    const slots = this.slots;
    let slot = hash & this.mask;
    for (; ; slot = (slot + 1) & this.mask) {
      const value = slots[slot]!;
      if (value === 0) break;
      if (tagBits === 0 || value >>> itemBits === tag) {
        const earlier = (value & itemMask) - 1;
        if (this.keyOf(earlier) === key) return earlier;
      }
    }
    slots[slot] = tagBits === 0 ? item + 1 : (tag << itemBits) | (item + 1);
    return -1;
  }
}
