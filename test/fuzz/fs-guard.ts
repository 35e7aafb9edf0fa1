/**
 * Catches file-system writes outside the temp dir while a fuzz case runs: node:fs writers are wrapped
 * (sync, callback and promise forms; `syncBuiltinESMExports` updates the named ESM imports too). A write
 * elsewhere is refused with an Error and recorded, and the case fails. Writes by native code (SQLite) are
 * not seen.
 */
import fs from "node:fs";
import { syncBuiltinESMExports } from "node:module";
import { tmpdir } from "node:os";
import { resolve, sep } from "node:path";

const pathWriters = [
  "writeFile", "appendFile", "mkdir", "mkdtemp", "rm", "rmdir", "unlink", "truncate", "chmod", "chown", "utimes",
  "createWriteStream",
] as const;
const twoPathWriters = ["rename", "copyFile", "cp", "symlink", "link"] as const;
const openers = ["open"] as const;

type AnyFn = (...args: unknown[]) => unknown;
type Table = Record<string, unknown>;

const tempRoot = resolve(tmpdir());
let active = false;
const violations: string[] = [];
const restore: (() => void)[] = [];

function inTemp(p: unknown): boolean {
  if (typeof p !== "string" && !(p instanceof URL) && !Buffer.isBuffer(p)) return true; // a file descriptor
  const abs = resolve(p instanceof URL ? p.pathname : p.toString());
  return abs === tempRoot || abs.startsWith(tempRoot + sep);
}

const writesFlag = (flags: unknown): boolean => typeof flags === "string" && /[wa+]/.test(flags);

function wrap(table: Table, name: string, paths: (args: unknown[]) => unknown[]): void {
  const original = table[name];
  if (typeof original !== "function") return;
  const fn = original as AnyFn;
  table[name] = function guarded(this: unknown, ...args: unknown[]) {
    const bad = active ? paths(args).find((p) => !inTemp(p)) : undefined;
    if (bad !== undefined) {
      const what = `${name}(${String(bad)})`;
      violations.push(what);
      throw new Error(`fuzz fs guard: ${what} is outside ${tempRoot}`);
    }
    return fn.apply(this, args);
  };
  restore.push(() => {
    table[name] = original;
  });
}

function wrapAll(table: Table, suffix: string): void {
  for (const n of pathWriters) wrap(table, n + suffix, (a) => [a[0]]);
  // rename writes both paths; copyFile, cp, symlink and link write the second.
  for (const n of twoPathWriters) wrap(table, n + suffix, (a) => (n === "rename" ? [a[0], a[1]] : [a[1]]));
  for (const n of openers) wrap(table, n + suffix, (a) => (writesFlag(a[1]) ? [a[0]] : []));
}

/** Installs the guard (idempotent); it only acts inside `guarded()`. */
export function installFsGuard(): void {
  if (restore.length > 0) return;
  wrapAll(fs as unknown as Table, "");
  wrapAll(fs as unknown as Table, "Sync");
  wrapAll(fs.promises as unknown as Table, "");
  syncBuiltinESMExports();
}

export function uninstallFsGuard(): void {
  while (restore.length > 0) restore.pop()?.();
  syncBuiltinESMExports();
}

/** Runs `fn` with the guard on; returns its result and the writes it tried outside the temp dir. */
export async function guarded<T>(fn: () => Promise<T>): Promise<{ value?: T; error?: unknown; outside: string[] }> {
  violations.length = 0;
  active = true;
  try {
    return { value: await fn(), outside: [...violations] };
  } catch (error) {
    return { error, outside: [...violations] };
  } finally {
    active = false;
  }
}
