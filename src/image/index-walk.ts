/**
 * Bounds on following image indexes. The OCI image spec allows an index to list other indexes, to any
 * depth, and the same manifest more than once; real images nest one or two levels and list a few dozen
 * platforms. A hostile index 40 wide and 4 deep (66 KB, sharing its children) would otherwise make 2.5
 * million visits: each digest is followed once, nesting is capped, and so is the number of manifests.
 */
import { DredgeError } from "../errors.js";

/** Levels of indexes below the top document (index.json's entry or the reference's index). */
export const MAX_INDEX_DEPTH = 4;
/** Distinct manifests and indexes one image reference may lead to. */
export const MAX_INDEX_MANIFESTS = 1_000;

export interface IndexWalkLimits {
  depth: number;
  manifests: number;
}

export class IndexWalk {
  private readonly seen = new Set<string>();

  /** `image` names the image in errors. */
  constructor(
    private readonly image: string,
    private readonly limits: IndexWalkLimits = { depth: MAX_INDEX_DEPTH, manifests: MAX_INDEX_MANIFESTS },
  ) {}

  /**
   * Whether to read the manifest or index `digest`, met at `depth` (0 for the top document): false when
   * it was already followed. Throws LIMIT_EXCEEDED past the depth or the number of distinct manifests.
   */
  enter(digest: string, depth: number): boolean {
    if (depth > this.limits.depth) {
      throw this.limit(`image indexes are nested more than ${this.limits.depth} levels deep`);
    }
    if (this.seen.has(digest)) return false;
    if (this.seen.size >= this.limits.manifests) {
      throw this.limit(`the image index leads to more than ${this.limits.manifests} manifests`);
    }
    this.seen.add(digest);
    return true;
  }

  private limit(what: string): DredgeError {
    return new DredgeError("LIMIT_EXCEEDED", `${this.image}: ${what}`, {
      hint: "real multi-platform images list a few dozen manifests at most: this index looks broken or hostile; choose an image manifest by digest",
      details: { limits: this.limits },
    });
  }
}
