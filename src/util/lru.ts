/**
 * A bounded map that forgets the least recently used entry first: `get` refreshes an entry, `set` adds or
 * replaces one and drops the oldest beyond `max`. Values may be `undefined` (a remembered miss).
 */
export interface Lru<K, V> {
  /** `[true, value]` when the key is held (the value may be `undefined`), else `[false]`. */
  get(key: K): [true, V] | [false];
  set(key: K, value: V): void;
  readonly size: number;
  clear(): void;
}

export function lru<K, V>(max: number): Lru<K, V> {
  const map = new Map<K, V>();
  return {
    get(key) {
      if (!map.has(key)) return [false];
      const v = map.get(key) as V;
      map.delete(key);
      map.set(key, v);
      return [true, v];
    },
    set(key, value) {
      map.delete(key);
      map.set(key, value);
      while (map.size > max) map.delete(map.keys().next().value as K);
    },
    get size() {
      return map.size;
    },
    clear: () => map.clear(),
  };
}

/** `fn` with its results kept in an LRU of `max` entries (a result of `undefined` is kept too). */
export function memoLru<V>(fn: (key: string) => V, max: number): (key: string) => V {
  const cache = lru<string, V>(max);
  return (key) => {
    const hit = cache.get(key);
    if (hit[0]) return hit[1];
    const v = fn(key);
    cache.set(key, v);
    return v;
  };
}
