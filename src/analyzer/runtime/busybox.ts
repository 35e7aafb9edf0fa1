/**
 * BusyBox: the banner `BusyBox v1.36.1 (2023-05-18 22:34:17 UTC)`. In the busybox image every applet is
 * a hard link to one file, and the tar stores the first name it met (often `/bin/[`) as the regular file,
 * so besides /bin/busybox any executable of a plausible size in a bin directory is searched.
 */
import type { FileInfo } from "../../layer/types.js";
import { markerDetector } from "./marker.js";

const BIN_DIR = /^\/(usr\/)?s?bin\/[^/]+$/;

export const busyboxDetector = markerDetector({
  name: "busybox",
  path: /(^|\/)s?bin\/busybox$/,
  alsoWants: (path: string, info: FileInfo) =>
    BIN_DIR.test(path) && (info.mode & 0o111) !== 0 && info.size >= 256 * 1024 && info.size <= 8 * 1024 * 1024,
  marker: "BusyBox v",
  version: /^(\d{1,2}\.\d{1,3}\.\d{1,3})(?:[.\w-]{0,24})? \(/,
});
