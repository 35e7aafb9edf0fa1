/** Layers named by an SBOM: the target's diffID list, plus any layer a package names that the list lacks. */
import type { LayerRef } from "../model/image.js";
import type { LayerOrigin } from "../model/package.js";

const digestRe = /^[a-z0-9]+(?:[+._-][a-z0-9]+)*:[a-zA-Z0-9=_-]+$/;

export class LayerTable {
  readonly layers: LayerRef[] = [];
  private readonly byDiffId = new Map<string, LayerRef>();

  add(diffId: string, extra: { digest?: string; createdBy?: string; index?: number } = {}): LayerRef | undefined {
    const id = diffId.trim();
    if (!digestRe.test(id)) return undefined;
    let l = this.byDiffId.get(id);
    if (!l) {
      const index = extra.index !== undefined && Number.isInteger(extra.index) && extra.index >= 0 ? extra.index : this.layers.length;
      l = { index, diffId: id };
      this.layers.push(l);
      this.byDiffId.set(id, l);
    }
    if (extra.digest && !l.digest && digestRe.test(extra.digest)) l.digest = extra.digest;
    if (extra.createdBy && !l.createdBy) l.createdBy = extra.createdBy;
    return l;
  }

  origin(diffId: string, extra: { digest?: string; createdBy?: string; index?: number }): LayerOrigin | undefined {
    const l = this.add(diffId, extra);
    if (!l) return undefined;
    return { index: l.index, diffId: l.diffId, ...(l.digest ? { digest: l.digest } : {}), ...(l.createdBy ? { createdBy: l.createdBy } : {}) };
  }
}
