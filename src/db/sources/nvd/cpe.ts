/**
 * CPE 2.3 formatted strings (NISTIR 7695 §6.2): `cpe:2.3:part:vendor:product:version:update:edition:
 * language:sw_edition:target_sw:target_hw:other`. A backslash quotes the next character (`\:`, `\.`, `\&`);
 * an unquoted `*` is ANY and `-` is NA; unquoted `*` or `?` inside a value are wildcards.
 */

export interface Cpe23 {
  part: string;
  /** Lower case, unquoted. */
  vendor: string;
  /** Lower case, unquoted. */
  product: string;
  /** Unquoted; `*` (ANY) and `-` (NA) as they are. */
  version: string;
  update: string;
}

interface Component {
  value: string;
  /** An unquoted `*` or `?` in a value that is not the bare ANY. */
  wildcard: boolean;
}

/** Splits on unquoted colons and unquotes; undefined when a backslash ends the string. */
function components(text: string): Component[] | undefined {
  const out: Component[] = [];
  let value = "";
  let wildcard = false;
  let start = 0;
  const close = (end: number): void => {
    out.push({ value, wildcard: wildcard && text.slice(start, end) !== "*" });
    value = "";
    wildcard = false;
    start = end + 1;
  };
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (ch === "\\") {
      if (i + 1 >= text.length) return undefined;
      value += text[++i]!;
    } else if (ch === ":") {
      close(i);
    } else {
      if (ch === "*" || ch === "?") wildcard = true;
      value += ch;
    }
  }
  close(text.length);
  return out;
}

/** Parses a CPE 2.3 formatted string; undefined when it is not one (wrong prefix, field count, empty names). */
export function parseCpe23(text: string): Cpe23 | undefined {
  const c = components(text.trim());
  if (!c || c.length !== 13 || c[0]!.value !== "cpe" || c[1]!.value !== "2.3") return undefined;
  const [part, vendor, product, version, update] = c.slice(2, 7) as [Component, Component, Component, Component, Component];
  if (!/^[aoh]$/.test(part.value)) return undefined;
  for (const name of [vendor, product]) if (name.wildcard || name.value === "" || name.value === "*" || name.value === "-") return undefined;
  if (version.wildcard || update.wildcard || version.value === "") return undefined;
  return {
    part: part.value,
    vendor: vendor.value.toLowerCase(),
    product: product.value.toLowerCase(),
    version: version.value,
    update: update.value,
  };
}

/**
 * The version a CPE names, with its update: `1.8.0` + `update391` → `1.8.0_391` (Java's own spelling),
 * `9.8` + `p7` → `9.8-p7`, `3.12.0` + `alpha1` → `3.12.0-alpha1`; `*`/`-`/empty updates add nothing.
 */
export function cpeVersion(cpe: Cpe23): string {
  const u = cpe.update;
  if (u === "" || u === "*" || u === "-") return cpe.version;
  const java = /^(?:update|u)_?(\d+)$/i.exec(u);
  return java ? `${cpe.version}_${java[1]}` : `${cpe.version}-${u}`;
}
