/** Rust analyzers: Cargo.lock and cargo-auditable binaries. */
import type { Analyzer } from "../../types.js";
import { langAnalyzer } from "../analyzer.js";
import { parseAuditableBinary } from "./auditable.js";
import { parseCargoLock } from "./cargo-lock.js";

export const cargoLockAnalyzer: Analyzer = langAnalyzer({
  id: "cargo-lock",
  version: 1,
  parserFor: (path) => (/(^|\/)Cargo\.lock$/.test(path) ? parseCargoLock : undefined),
});

export const rustBinaryAnalyzer: Analyzer = langAnalyzer({
  id: "rust-binary",
  version: 1,
  maxBytes: 512 * 1024 * 1024,
  wantsFile: (info) => (info.mode & 0o111) !== 0 && info.size >= 16 * 1024,
  parserFor: (path) => (/\.(so(\.\d+)*|sh|py|pl|rb|js)$/.test(path) ? undefined : parseAuditableBinary),
});
