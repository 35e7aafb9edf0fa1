/** How many of an image's layers are its base image's: --base-image REF, or the OCI base annotations. */
import { isRegistryTarget, openImageTarget } from "../image/target.js";
import type { Inventory } from "../model/inventory.js";
import type { ScanHooks } from "./hooks.js";
import { imageTargetOptions, type ImageReadOptions } from "./load.js";
import type { ScanOptions } from "./options.js";

type BaseImageOptions = ImageReadOptions & Pick<ScanOptions, "baseImage" | "offline">;

export async function baseLayerCount(inv: Inventory, options: BaseImageOptions, hooks: ScanHooks): Promise<number | undefined> {
  const ann = inv.target.annotations ?? {};
  const name = ann["org.opencontainers.image.base.name"];
  const digest = ann["org.opencontainers.image.base.digest"];
  const ref = options.baseImage ?? (name ? (digest ? `${name.replace(/@.*$/, "")}@${digest}` : name) : undefined);
  if (!ref || inv.layers.length === 0) return undefined;
  const { logger, signal } = hooks;
  if (options.offline && (await isRegistryTarget(ref))) {
    // --offline: only the target image itself may be pulled.
    if (options.baseImage) logger.warn(`--offline: the base image ${ref} is in a registry and was not looked up; base-image advice skipped`);
    else logger.debug("--offline: base image of the annotations not looked up", { ref });
    return undefined;
  }
  try {
    const source = await openImageTarget(ref, { ...imageTargetOptions({ insecure: options.insecure, maxLayerBytes: options.maxLayerBytes }, hooks) });
    try {
      const platform = inv.target.platform ? `${inv.target.platform.os}/${inv.target.platform.architecture}` : undefined;
      const [base] = await source.resolve({ platform, logger, signal });
      const baseIds = base?.metadata.config.diffIds ?? [];
      let n = 0;
      while (n < baseIds.length && n < inv.layers.length && baseIds[n] === inv.layers[n]!.diffId) n++;
      if (n < baseIds.length) logger.warn(`${ref} is not the base of this image (its layers differ); base-image advice skipped`);
      return n === baseIds.length ? n : undefined;
    } finally {
      await source.close();
    }
  } catch (err) {
    logger.warn(`cannot read the base image ${ref}: ${err instanceof Error ? err.message : String(err)}`);
    return undefined;
  }
}
