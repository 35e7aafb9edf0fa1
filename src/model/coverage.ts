/**
 * What a vulnerability scan could look at: for each OS, language ecosystem and kind of runtime the inventory
 * holds, whether the database had data for it. An entry with `checked: false` is a gap: those packages were
 * not matched at all, so their empty findings mean "not looked at", not "nothing found".
 */
export type CoverageKind = "os" | "ecosystem" | "runtime";

export interface CoverageEntry {
  kind: CoverageKind;
  /** `rocky 9.3` (OS family and release; `unknown` when not detected), `npm`, `crates.io`, `runtimes`. */
  name: string;
  /** The database namespaces matching looks in (`rocky:9`, `npm`, `cpe`); empty when Dredge has none for it. */
  namespaces: string[];
  /** How many packages of the inventory it covers. */
  packages: number;
  /** The database had data for one of `namespaces`, and the packages were matched against it. */
  checked: boolean;
  /** Why not, when not checked. */
  reason?: string;
}
