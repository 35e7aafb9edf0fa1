/**
 * One layer numbering for people: layers count from 1, the first (bottom, base) layer of the image being
 * layer 1, as `dredge inspect` and the progress line show them. JSON and SBOM properties keep the
 * 0-based `index` position (layer N has index N − 1); docs/reports.md says so.
 */
import type { LayerOrigin } from "../../model/package.js";

export const layerNumber = (layer: Pick<LayerOrigin, "index">): number => layer.index + 1;

/** A Dockerfile instruction on one line, without the `/bin/sh -c #(nop)` noise, cut to `max` characters. */
export function shortInstruction(createdBy: string | undefined, max = 40): string {
  if (!createdBy) return "";
  const text = createdBy
    .replace(/^(\|\d+ .*?)?\/bin\/sh -c (#\(nop\)\s*)?/, "")
    .replace(/\b(file|dir|multi):[0-9a-f]{16,}/g, "$1")
    .replace(/\s+/g, " ")
    .trim();
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** `3: COPY app /app` for a table cell (the column says "Layer"), or `3: sha256:abcd…` without an instruction. */
export function layerCell(layer: LayerOrigin | undefined, max = 24): string {
  if (!layer) return "";
  const instruction = shortInstruction(layer.createdBy, max);
  return `${layerNumber(layer)}: ${instruction || layer.diffId.replace(/^sha256:/, "").slice(0, 12)}`;
}

/** `layer 3 (COPY app /app)`, or `layer 3 sha256:abcd…` when no instruction is known. */
export function layerLabel(layer: LayerOrigin | undefined, max = 40): string {
  if (!layer) return "";
  const instruction = shortInstruction(layer.createdBy, max);
  return instruction ? `layer ${layerNumber(layer)} (${instruction})` : `layer ${layerNumber(layer)} ${layer.diffId.replace(/^sha256:/, "").slice(0, 12)}`;
}
