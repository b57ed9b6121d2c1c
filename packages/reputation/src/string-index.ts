/**
 * Interns strings to dense integer ids 0, 1, 2, … with an open-addressing hash table over
 * typed arrays. Internal: screening a million reviews interns their ids, reviewers and
 * patterns once and then works on integers, without a `Map` or `Set` of a million
 * strings (whose growth and garbage-collector tracing dominated the cost).
 */
export class StringIndex {
  /** The interned strings, by id. */
  readonly values: string[] = [];
  /**
   * Slot s holds id + 1 at [2s] (0 = empty) and the string's 32-bit hash at [2s + 1] (to
   * skip most string comparisons): one cache line per probe.
   */
  private slots: Int32Array;
  private mask: number;
  /**
   * The strings' UTF-16 code units, back to back: id k's are `[starts[k], starts[k + 1])`.
   * A lookup compares the key with these rather than with the interned string object,
   * which, among a million reviews, is usually far away in memory (a cache miss).
   */
  private units: Uint16Array;
  private starts: Int32Array;

  /** @param expected - about how many distinct strings will be added (sizes the table once) */
  constructor(expected = 16) {
    let capacity = 16;
    while (capacity < expected * 2) capacity *= 2;
    this.slots = new Int32Array(capacity * 2);
    this.mask = capacity - 1;
    this.units = new Uint16Array(capacity * 4);
    this.starts = new Int32Array(capacity + 1);
  }

  /** How many distinct strings have been added. */
  get size(): number {
    return this.values.length;
  }

  /** The id of `key`, or −1 when it has not been added. */
  get(key: string): number {
    const hash = stringHash(key);
    const slots = this.slots;
    for (let slot = hash & this.mask; ; slot = (slot + 1) & this.mask) {
      const entry = slots[2 * slot]!;
      if (entry === 0) return -1;
      if (slots[2 * slot + 1] === hash && this.holds(entry - 1, key)) return entry - 1;
    }
  }

  /** The id of `key`, adding it (with the next id) when it is new. */
  add(key: string): number {
    const hash = stringHash(key);
    const slots = this.slots;
    let slot = hash & this.mask;
    for (; ; slot = (slot + 1) & this.mask) {
      const entry = slots[2 * slot]!;
      if (entry === 0) break;
      if (slots[2 * slot + 1] === hash && this.holds(entry - 1, key)) return entry - 1;
    }
    const id = this.values.length;
    this.values.push(key);
    slots[2 * slot] = id + 1;
    slots[2 * slot + 1] = hash;
    this.store(id, key);
    if (this.values.length * 4 > slots.length) this.grow();
    return id;
  }

  /** Whether id's string equals `key`, compared unit by unit with the stored copy. */
  private holds(id: number, key: string): boolean {
    const start = this.starts[id]!;
    const length = key.length;
    if (this.starts[id + 1]! - start !== length) return false;
    const units = this.units;
    for (let i = 0; i < length; i++) if (units[start + i] !== key.charCodeAt(i)) return false;
    return true;
  }

  /** Appends the code units of id's string (id is the newest). */
  private store(id: number, key: string): void {
    const start = this.starts[id]!;
    const end = start + key.length;
    if (end > this.units.length) {
      const units = new Uint16Array(Math.max(end, this.units.length * 2));
      units.set(this.units);
      this.units = units;
    }
    if (id + 2 > this.starts.length) {
      const starts = new Int32Array(this.starts.length * 2);
      starts.set(this.starts);
      this.starts = starts;
    }
    const units = this.units;
    for (let i = 0; i < key.length; i++) units[start + i] = key.charCodeAt(i);
    this.starts[id + 1] = end;
  }

  /** Doubles the table (keeping the load factor ≤ 1/2) and reinserts every entry. */
  private grow(): void {
    const old = this.slots;
    const capacity = old.length; // Twice the old slot count, as each slot takes two cells.
    const slots = new Int32Array(capacity * 2);
    const mask = capacity - 1;
    for (let cell = 0; cell < old.length; cell += 2) {
      const entry = old[cell]!;
      if (entry === 0) continue;
      const hash = old[cell + 1]!;
      let slot = hash & mask;
      while (slots[2 * slot] !== 0) slot = (slot + 1) & mask;
      slots[2 * slot] = entry;
      slots[2 * slot + 1] = hash;
    }
    this.slots = slots;
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

/**
 * A set of strings kept elsewhere: item k's string is `keyOf(k)`. The table holds item
 * numbers and 32-bit hashes in one typed array (no array of the strings themselves), so
 * checking a million review ids for duplicates allocates nothing on the JavaScript heap.
 * Internal; sized once for at most `capacity` items.
 */
export class ItemKeySet {
  /** Slot s holds item + 1 at [2s] (0 = empty) and the key's hash at [2s + 1]. */
  private readonly slots: Int32Array;
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
    this.slots = new Int32Array(slotCount * 2);
    this.mask = slotCount - 1;
  }

  /**
   * Adds `item` under `key` unless an item with an equal key is already in the set.
   *
   * @returns the earlier item with the same key, or −1 when `item` was added
   */
  addItem(item: number, key: string): number {
    const hash = stringHash(key);
    const slots = this.slots;
    let slot = hash & this.mask;
    for (; ; slot = (slot + 1) & this.mask) {
      const entry = slots[2 * slot]!;
      if (entry === 0) break;
      if (slots[2 * slot + 1] === hash && this.keyOf(entry - 1) === key) return entry - 1;
    }
    slots[2 * slot] = item + 1;
    slots[2 * slot + 1] = hash;
    return -1;
  }
}
