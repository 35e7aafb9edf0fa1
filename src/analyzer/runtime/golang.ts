/**
 * Go toolchain unpacked from a tarball: `GOROOT/VERSION` (first line `go1.21.5`). Reported as Go binaries
 * report the Go version (`pkg:golang/stdlib@1.21.5`), plus `pkg:golang/toolchain@1.21.5`: the Go vulndb
 * lists the go command's own vulnerabilities under the `toolchain` module.
 */
import type { Package } from "../../model/package.js";
import { goPackage } from "../lang/golang/package.js";
import { stdlibVersion } from "../lang/golang/go-binary.js";
import { smallText } from "./scan.js";
import type { RuntimeDetector } from "./types.js";

export function parseGoVersionFile(content: Buffer): string | undefined {
  const text = smallText(content, 4096);
  const first = text?.split("\n", 1)[0]?.trim();
  return first && /^go\d+\.\d+(\.\d+)?((rc|beta)\d+)?$/.test(first) ? stdlibVersion(first) : undefined;
}

export const golangDetector: RuntimeDetector = {
  name: "go",
  wants: (path) => /(^|\/)go(-\d+\.\d+)?\/VERSION$/.test(path),
  detect(content: Buffer, path: string): Package[] {
    const v = parseGoVersionFile(content);
    return v ? [goPackage("stdlib", v, path), goPackage("toolchain", v, path)] : [];
  },
};
