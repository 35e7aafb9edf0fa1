/** What the fuzz harness needs to know about one parser entry point. */

/** Post-processing after mutation, e.g. recompute tar header checksums, then gzip. */
export interface Encoder {
  name: string;
  encode(bytes: Buffer): Buffer;
}

export interface FuzzTarget {
  /**
   * `<family>/<name>` (e.g. `lockfile/yarn`): names the test, its regression inputs
   * (`test/fuzz/regressions/<family>/<name>.*`) and what DREDGE_FUZZ_ONLY matches.
   */
  name: string;
  /** Real inputs to mutate (fixture files read in place, or generated ones where no real file exists). */
  seeds(): Buffer[] | Promise<Buffer[]>;
  /** Dictionary tokens for this format, added to the common ones. */
  tokens?: readonly string[];
  /** One is picked per case and applied after mutation; default: the bytes as they are. */
  encoders?: readonly Encoder[];
  /** Parses one input. The result goes to `check`. */
  run(input: Buffer): unknown;
  /** The name the target passes to the parser for the input: a DredgeError's message must contain it. */
  where?: string;
  /** Errors the entry point may throw besides DredgeError (e.g. a feed's MalformedRecord). */
  alsoAllowed?(err: unknown): boolean;
  /** An invariant of the result: a description of what is wrong, or undefined. */
  check?(result: unknown): string | undefined;
  /** Milliseconds one case may take before it counts as a hang (default DREDGE_FUZZ_SLOW_MS or 2000). */
  slowMs?: number;
}

export const identity: Encoder = { name: "as is", encode: (b) => b };
