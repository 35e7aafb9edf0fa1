/**
 * Helpers for lists of any length. A spread into a call (`push(...items)`, `Math.max(...values)`) puts every
 * item on the stack and throws "Maximum call stack size exceeded" past ~100,000 items: an image or SBOM
 * decides how long these lists are, so code never spreads them into a call.
 */

/** Appends every item to `into` (a loop, not `into.push(...items)`); returns `into`. */
export function pushAll<T>(into: T[], items: Iterable<T>): T[] {
  for (const x of items) into.push(x);
  return into;
}

/** The largest of `floor` and `values` (a loop, not `Math.max(floor, ...values)`). */
export function maxOf(values: Iterable<number>, floor = -Infinity): number {
  let max = floor;
  for (const v of values) if (v > max) max = v;
  return max;
}

/** Appends `value` to the list under `key`, in place (`map.set(key, [...list, value])` copies: quadratic). */
export function pushTo<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** Map with at most `limit` promises in flight, results in input order; the first failure wins. */
export async function mapConcurrent<T, R>(items: readonly T[], limit: number, fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]!, i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}
