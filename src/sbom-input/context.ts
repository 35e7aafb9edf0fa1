/** Shared state of one SBOM read: the file name (for messages), warnings, skip counters, cancellation. */
import { Checkpoint } from "../util/abort.js";
import type { Logger } from "../util/log.js";

export interface ReadContext {
  /** Path of the SBOM, named in every warning. */
  file: string;
  logger: Logger;
  warnings: string[];
  /** Components/packages without a purl, or with a purl type Dredge does not scan. */
  skipped: { noPurl: number; unsupportedType: Map<string, number> };
  /** Ticked once per component, package or edge: a 2,000,000-component SBOM stays interruptible. */
  checkpoint: Checkpoint;
}

export function newContext(file: string, logger: Logger, signal?: AbortSignal): ReadContext {
  return { file, logger, warnings: [], skipped: { noPurl: 0, unsupportedType: new Map() }, checkpoint: new Checkpoint(signal) };
}

export function warn(ctx: ReadContext, message: string, fields: Record<string, unknown> = {}): void {
  const text = `${ctx.file}: ${message}`;
  ctx.warnings.push(text);
  ctx.logger.warn("SBOM component skipped or incomplete", { file: ctx.file, detail: message, ...fields });
}

/** One summary warning per kind of skip, so a large SBOM does not flood the log. */
export function flushSkipWarnings(ctx: ReadContext): void {
  if (ctx.skipped.noPurl > 0) warn(ctx, `${ctx.skipped.noPurl} component(s) without a purl skipped`);
  for (const [type, n] of ctx.skipped.unsupportedType) {
    warn(ctx, `${n} component(s) with purl type "${type}" skipped (not a package type Dredge scans)`);
  }
}

/** A short label for a component in messages: name@version, bom-ref or index. */
export function label(raw: unknown, index: number): string {
  if (raw && typeof raw === "object") {
    const r = raw as Record<string, unknown>;
    const name = typeof r.name === "string" ? r.name.slice(0, 200) : undefined;
    const version = typeof r.version === "string" ? r.version : typeof r.versionInfo === "string" ? r.versionInfo : undefined;
    if (name) return `"${name}${version ? `@${version.slice(0, 100)}` : ""}" (#${index})`;
    const ref = r["bom-ref"] ?? r.SPDXID;
    if (typeof ref === "string") return `"${ref.slice(0, 200)}" (#${index})`;
  }
  return `#${index}`;
}
