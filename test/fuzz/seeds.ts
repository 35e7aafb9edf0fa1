/** Seed inputs read in place from ../shared/fixtures (never copied into the repository). */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { parse as parseYaml } from "yaml";
import { fixturesDir } from "../helpers/images.js";

/** Seeds larger than this are cut: mutating megabytes per case would leave little time for cases. */
const MAX_SEED_BYTES = 512 * 1024;

export const fixture = (...rel: string[]): string => join(fixturesDir, ...rel);

/** The files (fixture-relative paths), each cut to `maxBytes`. */
export function fixtureSeeds(paths: readonly string[], maxBytes = MAX_SEED_BYTES): Buffer[] {
  return paths.map((p) => {
    const buf = readFileSync(fixture(p));
    return buf.length > maxBytes ? buf.subarray(0, maxBytes) : buf;
  });
}

/** Up to `limit` files under a fixture folder whose name matches, in sorted order, spread over the folder. */
export function fixtureFiles(dir: string, match: RegExp, limit: number): string[] {
  const out: string[] = [];
  const walk = (rel: string): void => {
    for (const name of readdirSync(fixture(dir, rel)).sort()) {
      const r = rel === "" ? name : `${rel}/${name}`;
      if (statSync(fixture(dir, r)).isDirectory()) walk(r);
      else if (match.test(name)) out.push(`${dir}/${r}`);
    }
  };
  walk("");
  const step = Math.max(1, Math.floor(out.length / limit));
  return out.filter((_, i) => i % step === 0).slice(0, limit);
}

export const text = (...lines: string[]): Buffer => Buffer.from(lines.join("\n"), "utf8");

/**
 * Small blobs of the OCI layout of the real test images (../shared/tools/make-test-images.sh), when they have
 * been built: manifests, indexes, configs and small layers. Not built here: none when absent.
 */
export function testImageBlobs(keep: (head: Buffer) => boolean, maxBytes = 256 * 1024): Buffer[] {
  const dir = join(process.env.DREDGE_TEST_IMAGES ?? "/var/tmp/dredge-test-images", "oci/blobs/sha256");
  let names: string[];
  try {
    names = readdirSync(dir).sort();
  } catch {
    return [];
  }
  return names
    .filter((n) => statSync(join(dir, n)).size <= maxBytes)
    .map((n) => readFileSync(join(dir, n)))
    .filter((b) => keep(b.subarray(0, 64)));
}

/**
 * YAML seeds again, written as JSON (YAML is a superset of JSON): the copies get the structure-aware JSON
 * mutations (hostile values, prototype keys, deep nesting) and still reach the YAML parsers.
 */
export function withJsonCopies(seeds: readonly Buffer[]): Buffer[] {
  const copies = seeds.flatMap((s) => {
    try {
      const text = JSON.stringify(parseYaml(s.toString("utf8"), { maxAliasCount: 100 }) as unknown);
      return text === undefined ? [] : [Buffer.from(text)];
    } catch {
      return [];
    }
  });
  return [...seeds, ...copies];
}
