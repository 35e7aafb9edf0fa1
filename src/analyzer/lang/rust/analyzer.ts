/** Rust analyzers: Cargo.lock and cargo-auditable binaries. */
import type { Analyzer } from "../../types.js";
import { langAnalyzer } from "../analyzer.js";
import { parseAuditableBinary } from "./auditable.js";
import { parseCargoLock } from "./cargo-lock.js";
import { siblingAnalyzer } from "../siblings.js";

/** Cargo.lock with the Cargo.toml files of its tree ([dev-dependencies], ../siblings.ts). */
export const cargoLockAnalyzer: Analyzer = siblingAnalyzer({
  id: "cargo-lock",
  version: 2,
  parserFor: (path) => (/(^|\/)Cargo\.lock$/.test(path) ? parseCargoLock : undefined),
  // Not the sources of downloaded or vendored crates, nor build output.
  isSibling: (path) => /(^|\/)Cargo\.toml$/.test(path) && !/\/(\.cargo|vendor|target|registry)\//.test(path),
});

export const rustBinaryAnalyzer: Analyzer = langAnalyzer({
  id: "rust-binary",
  version: 1,
  maxBytes: 512 * 1024 * 1024,
  wantsFile: (info) => (info.mode & 0o111) !== 0 && info.size >= 16 * 1024,
  parserFor: (path) => (/\.(so(\.\d+)*|sh|py|pl|rb|js)$/.test(path) ? undefined : parseAuditableBinary),
});
