/**
 * An image list (`dredge image --input-list FILE`), the convention of Anchore's `anchore_images` file: one
 * image per line, optionally followed by whitespace and the path of its Dockerfile; `#` starts a comment;
 * blank lines are skipped. Bounded: at most `maxImages` entries and `maxLineLength` characters a line.
 */
import { DredgeError } from "../errors.js";

export interface ListedImage {
  /** The image: a reference, archive, oci:DIR, daemon:NAME — anything `dredge image` takes. */
  target: string;
  /** The Dockerfile it was built from, when the line names one. */
  dockerfile?: string;
  /** 1-based line number in the list, for messages. */
  line: number;
}

export const maxImages = 1000;
export const maxLineLength = 4096;

/** The images of a list's text; `source` names the list in errors. */
export function parseInputList(text: string, source: string): ListedImage[] {
  const images: ListedImage[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = i + 1;
    if (raw.length > maxLineLength) throw new DredgeError("USAGE", `${source}:${line}: line longer than ${maxLineLength} characters`);
    const hash = raw.search(/(^|\s)#/);
    const fields = (hash >= 0 ? raw.slice(0, hash) : raw).trim().split(/\s+/).filter(Boolean);
    if (fields.length === 0) return;
    if (fields.length > 2) throw new DredgeError("USAGE", `${source}:${line}: expected IMAGE [DOCKERFILE], got ${fields.length} fields`);
    if (images.length >= maxImages) throw new DredgeError("USAGE", `${source}: more than ${maxImages} images`);
    images.push({ target: fields[0]!, ...(fields[1] ? { dockerfile: fields[1] } : {}), line });
  });
  if (images.length === 0) throw new DredgeError("USAGE", `${source}: no image listed`);
  return images;
}
