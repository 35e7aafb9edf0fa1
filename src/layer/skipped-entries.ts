/**
 * Warnings about tar entries the walker skips (unsafe paths, links out of the root…), one layer at a time:
 * the first few are named one by one, the rest only counted, then one summary line per layer. A 400 KB
 * layer of 40,000 `../` entries otherwise writes 3.3 MB of warnings.
 */
import type { Logger } from "../util/log.js";

/** Skipped entries named in their own warning before the others are only counted. */
export const NAMED_SKIPS = 3;

export type SkipReason =
  | "unsafe path"
  | "unknown type"
  | "non-directory at the root"
  | "malformed whiteout"
  | "invalid link target"
  | "hard link out of the root";

export class SkippedEntries {
  private total = 0;
  private readonly counts = new Map<SkipReason, number>();

  /** `where` names the layer in every warning. */
  constructor(
    readonly where: string,
    private readonly logger: Logger,
  ) {}

  skip(reason: SkipReason, msg: string, fields: Record<string, unknown>): void {
    this.total++;
    this.counts.set(reason, (this.counts.get(reason) ?? 0) + 1);
    if (this.total <= NAMED_SKIPS) this.logger.warn(msg, { layer: this.where, ...fields });
  }

  debug(msg: string, fields: Record<string, unknown>): void {
    this.logger.debug(msg, { layer: this.where, ...fields });
  }

  /** One warning with the count per reason, when more entries were skipped than named. */
  summarise(): void {
    if (this.total <= NAMED_SKIPS) return;
    this.logger.warn(`skipped unsafe tar entries in this layer (the first ${NAMED_SKIPS} are named above)`, {
      layer: this.where,
      skipped: this.total,
      reasons: Object.fromEntries(this.counts),
    });
  }
}
