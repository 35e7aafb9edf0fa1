/**
 * Node.js: the `node` executable embeds its version (`node.js/v20.11.1`, and process.release's
 * `…/download/release/v20.11.1/node-v20.11.1.tar.gz`). `node_version.h` (NODE_MAJOR/MINOR/PATCH_VERSION)
 * is read by parseNodeVersionHeader but not registered: the official images ship it next to the binary,
 * and one package per install is wanted.
 */
import type { Package } from "../../model/package.js";
import { defineNumber, smallText, versionAfter } from "./scan.js";
import { runtimePackage, type RuntimeDetector } from "./types.js";

const VERSION = /^(\d{1,3}\.\d{1,3}\.\d{1,4})(?![\d.])/;

export function nodeBinaryVersion(buf: Buffer): string | undefined {
  return (
    versionAfter(buf, "node.js/v", VERSION) ??
    versionAfter(buf, "/download/release/v", /^(\d{1,3}\.\d{1,3}\.\d{1,4})\/node-v\1[./-]/)
  );
}

export function parseNodeVersionHeader(content: Buffer): string | undefined {
  const text = smallText(content);
  if (text === undefined) return undefined;
  const parts = ["NODE_MAJOR_VERSION", "NODE_MINOR_VERSION", "NODE_PATCH_VERSION"].map((n) => defineNumber(text, n));
  return parts.every((p) => p !== undefined) ? parts.join(".") : undefined;
}

export const nodeDetector: RuntimeDetector = {
  name: "node",
  wants: (path) => /(^|\/)bin\/(node|nodejs)$/.test(path),
  detect(content: Buffer, path: string): Package[] {
    const v = nodeBinaryVersion(content);
    return v ? [runtimePackage("node", v, path)] : [];
  },
};
