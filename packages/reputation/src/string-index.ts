/**
 * Interns strings to dense integer ids 0, 1, 2, … with an open-addressing hash table over
 * typed arrays. Internal: screening a million reviews interns their ids, reviewers and
 * patterns once and then works on integers, without a `Map` or `Set` of a million
 * strings (whose growth and garbage-collector tracing dominated the cost).
 *
 * Each slot is one 16-byte record: the id, the key's hash, and the key itself when it is
 * short (up to 7 UTF-16 code units, each below 256, like most account ids), so looking up
 * a short key reads one cache line and never the interned string object, which, among a
 * million reviews, is usually far away in memory. A longer key is compared with the
 * interned string by `===` (V8 compares flat strings natively, about three times faster
 * than a loop over character codes; measured on pattern ids).
 */
export class StringIndex {
  /** The interned strings, by id. */
  readonly values: string[] = [];
  /**
   * Slot s is `[4s .. 4s + 4)`: id + 1 (0 = empty), the key's 32-bit hash, then the packed
   * key (length · 2^24 + units 0–2, then units 3–6), or −1 for a key that does not pack.
   */
  private slots: Int32Array;
  private mask: number;

  /** @param expected - about how many distinct strings will be added (sizes the table once) */
  constructor(expected = 16) {
    let capacity = 16;
    while (capacity < expected * 2) capacity *= 2;
    this.slots = new Int32Array(capacity * 4);
    this.mask = capacity - 1;
  }

  /** How many distinct strings have been added. */
  get size(): number {
    return this.values.length;
  }

  /** The id of `key`, or −1 when it has not been added. */
  get(key: string): number {
    return this.find(key, hashAndPack(key));
  }

  /** The id of `key`, adding it (with the next id) when it is new. */
  add(key: string): number {
    const hash = hashAndPack(key);
    const found = this.find(key, hash);
    if (found >= 0) return found;
    const id = this.values.length;
    this.values.push(key);
    const cell = 4 * this.emptySlot;
    const slots = this.slots;
    slots[cell] = id + 1;
    slots[cell + 1] = hash;
    slots[cell + 2] = packedHead;
    slots[cell + 3] = packedTail;
    if (this.values.length * 2 > this.mask + 1) this.grow();
    return id;
  }

  /** The slot where the last unsuccessful {@link StringIndex.find} stopped. */
  private emptySlot = 0;

  /**
   * The id of `key` (whose hash and packed form {@link hashAndPack} just computed), or −1
   * (then {@link StringIndex.emptySlot} is where it would go).
   */
  private find(key: string, hash: number): number {
    const slots = this.slots;
    const mask = this.mask;
    const head = packedHead;
    const tail = packedTail;
    for (let slot = hash & mask; ; slot = (slot + 1) & mask) {
      const cell = 4 * slot;
      const entry = slots[cell]!;
      if (entry === 0) {
        this.emptySlot = slot;
        return -1;
      }
      if (slots[cell + 1] !== hash) continue;
      if (head >= 0) {
        if (slots[cell + 2] === head && slots[cell + 3] === tail) return entry - 1;
      } else if (slots[cell + 2] === -1 && this.values[entry - 1] === key) return entry - 1;
    }
  }

  /** Doubles the table (keeping the load factor ≤ 1/2) and reinserts every record. */
  private grow(): void {
    const old = this.slots;
    const capacity = 2 * (this.mask + 1);
    const slots = new Int32Array(capacity * 4);
    const mask = capacity - 1;
    for (let cell = 0; cell < old.length; cell += 4) {
      if (old[cell] === 0) continue;
      let slot = old[cell + 1]! & mask;
      while (slots[4 * slot] !== 0) slot = (slot + 1) & mask;
      slots.set(old.subarray(cell, cell + 4), 4 * slot);
    }
    this.slots = slots;
    this.mask = mask;
  }
}

/**
 * The key {@link hashAndPack} packed last: length · 2^24 + its code units 0–2 (each one
 * byte), or −1 when the key does not pack (over 7 units, or a unit ≥ 256).
 */
let packedHead = 0;
/** Code units 3–6 of the key {@link hashAndPack} packed last. */
let packedTail = 0;

/**
 * {@link stringHash} of `key`; also packs a short key into {@link packedHead} and
 * {@link packedTail} (module state, so that the hot path allocates nothing).
 */
function hashAndPack(key: string): number {
  const length = key.length;
  if (length > 7) {
    packedHead = -1;
    packedTail = 0;
    return stringHash(key);
  }
  let h = 0x811c9dc5;
  let head = length << 24;
  let tail = 0;
  for (let i = 0; i < length; i++) {
    const unit = key.charCodeAt(i);
    h = Math.imul(h ^ unit, 0x01000193);
    if (unit > 255) head = -1;
    else if (i < 3) head |= unit << (16 - 8 * i);
    else tail |= unit << (24 - 8 * (i - 3));
  }
  packedHead = head;
  packedTail = head >= 0 ? tail : 0;
  return finishHash(h);
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
 * numbers and one byte of each key's hash (to skip almost every string comparison) in
 * typed arrays, with no array of the strings themselves, so checking a million review ids
 * for duplicates allocates nothing on the JavaScript heap, and a probe mostly touches the
 * small byte array. Internal; sized once for at most `capacity` items.
 */
export class ItemKeySet {
  /** Slot s holds item + 1 (0 = empty). */
  private readonly items: Int32Array;
  /** Slot s's key hash, top 8 bits, never 0 (0 = empty). */
  private readonly tags: Uint8Array;
  private readonly mask: number;

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
    this.items = new Int32Array(slotCount);
    this.tags = new Uint8Array(slotCount);
    this.mask = slotCount - 1;
  }

  /**
   * Adds `item` under `key` unless an item with an equal key is already in the set.
   *
   * @returns the earlier item with the same key, or −1 when `item` was added
   */
  addItem(item: number, key: string): number {
    const hash = stringHash(key);
    const tag = hash >>> 24 || 1;
    const tags = this.tags;
    let slot = hash & this.mask;
    for (; ; slot = (slot + 1) & this.mask) {
      const slotTag = tags[slot]!;
      if (slotTag === 0) break;
      if (slotTag === tag) {
        const earlier = this.items[slot]! - 1;
        if (this.keyOf(earlier) === key) return earlier;
      }
    }
    tags[slot] = tag;
    this.items[slot] = item + 1;
    return -1;
  }
}
