/** Debian releases: codenames, /etc/debian_version, and what detection fills in from them. */
import type { OSInfo } from "../../model/package.js";
import type { ReadFile, ReleaseFacts } from "../types.js";
import { major } from "../helpers.js";

export const DEBIAN_VERSION = "/etc/debian_version";

/** Codename → release, as the security tracker names releases (`sid` stays `sid`). */
export const debianCodenames: Readonly<Record<string, string>> = {
  hamm: "2.0", slink: "2.1", potato: "2.2", woody: "3.0", sarge: "3.1", etch: "4", lenny: "5", squeeze: "6",
  wheezy: "7", jessie: "8", stretch: "9", buster: "10", bullseye: "11", bookworm: "12", trixie: "13",
  forky: "14", duke: "15", sid: "sid",
};

const codenameOf = new Map(Object.entries(debianCodenames).map(([codename, release]) => [release, codename]));

/** `bookworm` → `12`; an unknown codename stays as it is (lower case). */
export function debianRelease(codename: string): string {
  const c = codename.trim().toLowerCase();
  return Object.hasOwn(debianCodenames, c) ? (debianCodenames[c] as string) : c;
}

/** /etc/debian_version: `12.4` → `12`; `bookworm/sid` → undefined release, codename `bookworm`. */
export function parseDebianVersion(text: string): { name?: string; codename?: string } {
  const v = text.trim().split(/\r?\n/)[0]?.trim() ?? "";
  const m = /^(\d+)(\.\d+)*$/.exec(v);
  if (m) return { name: m[1] };
  const c = /^([a-z]+)\/sid$/.exec(v);
  if (c) return { codename: c[1] };
  return {};
}

/** /etc/debian_version as a release file (debian_version alone says only the number). */
export function parseDebianVersionFacts(text: string): ReleaseFacts | undefined {
  const dv = parseDebianVersion(text);
  if (dv.name) return { family: "debian", name: dv.name, codename: codenameOf.get(dv.name) };
  if (dv.codename) return { family: "debian", name: dv.codename, codename: dv.codename };
  return undefined;
}

/** os-release without VERSION_ID (testing, sid) or VERSION_CODENAME: debian_version and the codenames say. */
export function refineDebian(facts: ReleaseFacts, read: ReadFile): void {
  const dv = parseDebianVersion(read(DEBIAN_VERSION) ?? "");
  if (!facts.name && dv.name) facts.name = dv.name;
  if (!facts.name && (facts.codename ?? dv.codename)) facts.name = (facts.codename ?? dv.codename) as string;
  facts.codename ??= codenameOf.get(facts.name) ?? dv.codename;
}

/** The same over the per-file answers: debian_version's number when os-release had none. */
export function refineDebianAnswers(os: OSInfo, answer: (path: string) => OSInfo | undefined): void {
  const dv = answer(DEBIAN_VERSION);
  if (os.name === "" && dv?.family === "debian") {
    os.name = dv.name;
    os.codename ??= dv.codename;
  }
}

/** Debian's feeds name a release by its major number (`12.8` → `12`). */
export const debianFeedRelease = major;
