/**
 * A Map that holds at most `maxEntries`: `set` makes its key the newest, and beyond the bound
 * the oldest go first (insertion order). A cache that sets a key again when it is read evicts
 * the least recently used. The process's in-memory caches share it.
 */
export class BoundedMap<K, V> extends Map<K, V> {
  private readonly maxEntries: number;

  constructor(maxEntries: number) {
    super();
    if (!Number.isSafeInteger(maxEntries) || maxEntries < 1) throw new RangeError(`maxEntries must be a whole number ≥ 1, got ${maxEntries}`);
    this.maxEntries = maxEntries;
  }

  override set(key: K, value: V): this {
    super.delete(key);
    super.set(key, value);
    while (this.size > this.maxEntries) super.delete(this.keys().next().value as K);
    return this;
  }
}
