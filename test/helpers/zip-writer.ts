/** A minimal zip writer for test fixtures (OSV `all.zip` exports built on the fly): deflated entries. */
import { makeZip } from "../../src/analyzer/lang/java/test-zip.js";

export interface ZipInput {
  name: string;
  data: Buffer;
}

export function writeZip(entries: ZipInput[]): Buffer {
  return makeZip(entries.map((e) => ({ ...e, deflate: true })));
}
