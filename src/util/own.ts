/**
 * Lookups in constant tables by untrusted text (file names, os-release IDs, licence names): only the table's
 * own entries count, so `constructor`, `__proto__` or `toString` never answer with Object.prototype's members.
 */
export function ownValue<T>(table: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.hasOwn(table, key) ? table[key] : undefined;
}
