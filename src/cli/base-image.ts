/** How many of an image's layers are its base image's: --base-image REF, or the OCI base annotations. */
import { openImageTarget } from "../image/target.js";
import type { Inventory } from "../model/inventory.js";
import type { RunContext } from "./context.js";

export async function baseLayerCount(ctx: RunContext, inv: Inventory): Promise<number | undefined> {
  const ann = inv.target.annotations ?? {};
  const name = ann["org.opencontainers.image.base.name"];
  const digest = ann["org.opencontainers.image.base.digest"];
  const ref = ctx.options.baseImage ?? (name ? (digest ? `${name.replace(/@.*$/, "")}@${digest}` : name) : undefined);
  if (!ref || inv.layers.length === 0) return undefined;
  try {
    const source = await openImageTarget(ref, { tmpDir: ctx.tmpDir, logger: ctx.logger, signal: ctx.signal, insecure: ctx.options.insecure, maxArchiveBytes: ctx.options.maxLayerBytes });
    try {
      const [base] = await source.resolve({ platform: inv.target.platform ? `${inv.target.platform.os}/${inv.target.platform.architecture}` : undefined, logger: ctx.logger, signal: ctx.signal });
      const baseIds = base?.metadata.config.diffIds ?? [];
      let n = 0;
      while (n < baseIds.length && n < inv.layers.length && baseIds[n] === inv.layers[n]!.diffId) n++;
      if (n < baseIds.length) ctx.logger.warn(`${ref} is not the base of this image (its layers differ); base-image advice skipped`);
      return n === baseIds.length ? n : undefined;
    } finally {
      await source.close();
    }
  } catch (err) {
    ctx.logger.warn(`cannot read the base image ${ref}: ${err instanceof Error ? err.message : String(err)}`);
    return undefined;
  }
}
