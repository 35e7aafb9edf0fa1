/**
 * CPython: `include/pythonX.Y/patchlevel.h` (`#define PY_VERSION "3.12.1"`), which the official images
 * ship; and statically linked `bin/pythonX.Y` executables, whose PY_VERSION is a bare NUL-terminated
 * string that must start with the X.Y of the file name (the official images' binary is a small stub
 * linked to libpython, which holds no such string: nothing is reported twice).
 */
import type { Package } from "../../model/package.js";
import { defineString, smallText, versionAfter } from "./scan.js";
import { baseName, runtimePackage, type RuntimeDetector } from "./types.js";

const PY_VERSION = /^\d{1,2}\.\d{1,3}\.\d{1,3}(?:(?:a|b|rc)\d{1,2})?\+?$/;
const HEADER = /(^|\/)include\/python\d\.\d{1,3}[a-z]{0,3}\/patchlevel\.h$/;
const BINARY = /(^|\/)bin\/python(\d\.\d{1,3})$/;

export function parsePatchlevel(content: Buffer): string | undefined {
  const text = smallText(content);
  const v = text === undefined ? undefined : defineString(text, "PY_VERSION");
  return v !== undefined && PY_VERSION.test(v) ? v : undefined;
}

/** `xy` is the `3.11` of `python3.11`. */
export function pythonBinaryVersion(buf: Buffer, xy: string): string | undefined {
  const micro = versionAfter(buf, `${xy}.`, /^(\d{1,3}(?:(?:a|b|rc)\d{1,2})?\+?)\0/, { window: 16, stringStart: true });
  return micro === undefined ? undefined : `${xy}.${micro}`;
}

export const pythonDetector: RuntimeDetector = {
  name: "python",
  wants: (path) => HEADER.test(path) || BINARY.test(path),
  detect(content: Buffer, path: string): Package[] {
    const xy = BINARY.exec(path)?.[2];
    const v = xy !== undefined ? pythonBinaryVersion(content, xy) : baseName(path) === "patchlevel.h" ? parsePatchlevel(content) : undefined;
    return v ? [runtimePackage("python", v, path)] : [];
  },
};
