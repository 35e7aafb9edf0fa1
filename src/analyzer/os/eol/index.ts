/** End-of-life lookup: one data module per family, a key rule per family, compared against a given date. */
import { almaEol } from "./alma.js";
import { alpineEol } from "./alpine.js";
import { amazonEol } from "./amazon.js";
import { centosEol, centosStreamEol } from "./centos.js";
import { debianEol } from "./debian.js";
import { fedoraEol } from "./fedora.js";
import { azureLinuxEol, marinerEol } from "./mariner.js";
import { oracleEol } from "./oracle.js";
import { photonEol } from "./photon.js";
import { redhatEol } from "./redhat.js";
import { rockyEol } from "./rocky.js";
import { slesEol, opensuseLeapEol } from "./suse.js";
import { ubuntuEol } from "./ubuntu.js";
import { ownValue } from "../../../util/own.js";

type KeyRule = "major" | "majorMinor" | "exact";

const tables: Record<string, { table: Record<string, string>; key: KeyRule }> = {
  debian: { table: debianEol, key: "major" },
  ubuntu: { table: ubuntuEol, key: "majorMinor" },
  alpine: { table: alpineEol, key: "majorMinor" },
  redhat: { table: redhatEol, key: "major" },
  centos: { table: centosEol, key: "major" },
  "centos-stream": { table: centosStreamEol, key: "major" },
  rocky: { table: rockyEol, key: "major" },
  alma: { table: almaEol, key: "major" },
  oracle: { table: oracleEol, key: "major" },
  fedora: { table: fedoraEol, key: "major" },
  amazon: { table: amazonEol, key: "exact" },
  sles: { table: slesEol, key: "majorMinor" },
  "opensuse-leap": { table: opensuseLeapEol, key: "majorMinor" },
  photon: { table: photonEol, key: "majorMinor" },
  "cbl-mariner": { table: marinerEol, key: "majorMinor" },
  azurelinux: { table: azureLinuxEol, key: "majorMinor" },
};

/** Rolling distributions: never end of life. */
const rolling = new Set(["opensuse-tumbleweed", "wolfi", "chainguard"]);

function keyOf(release: string, rule: KeyRule): string {
  if (rule === "exact") return release;
  const parts = release.split(".");
  if (rule === "major") return parts[0] ?? release;
  return parts.length >= 2 ? `${parts[0]}.${parts[1]}` : release;
}

export interface EolStatus {
  eol: boolean;
  eolDate?: string;
}

/**
 * End of life of `family` `release` at `now`. Unknown releases give undefined (callers leave eol unset).
 * `variant` selects a sub-table (`centos-stream`).
 */
export function eolStatus(family: string, release: string, now: Date, variant?: string): EolStatus | undefined {
  if (rolling.has(family)) return { eol: false };
  const entry = ownValue(tables, variant ?? family) ?? ownValue(tables, family);
  if (!entry) return undefined;
  const date = ownValue(entry.table, keyOf(release, entry.key));
  if (date === undefined) return undefined;
  const end = Date.parse(`${date}T23:59:59Z`);
  return { eol: now.getTime() > end, eolDate: date };
}
