/** rpm header → Package (gpg-pubkey pseudo-packages excluded, as in the expected `rpm -qa` lists). */
import type { Package } from "../../../model/package.js";
import { rpmPurl } from "../../../purl/index.js";
import { TAG, tagNumbers, tagString, tagStrings, type RpmHeader } from "./header.js";

export const MAX_FILES = 1_000_000;

/** `util-linux-2.32.1-42.el8_8.src.rpm` → util-linux / 2.32.1 / 42.el8_8. */
export function parseSourceRpm(file: string): { name: string; version: string; release: string } | undefined {
  const m = /^(.+)-([^-]+)-([^-]+)\.(?:no)?src\.rpm$/.exec(file);
  if (!m?.[1] || !m[2] || !m[3]) return undefined;
  return { name: m[1], version: m[2], release: m[3] };
}

/** A Package, undefined for gpg-pubkey, or a warning text when NAME/VERSION are missing. */
export function headerToPackage(h: RpmHeader, path: string): Package | undefined | string {
  const name = tagString(h, TAG.NAME);
  const version = tagString(h, TAG.VERSION);
  if (!name || version === undefined) return "header without NAME or VERSION skipped";
  if (name === "gpg-pubkey") return undefined;
  const pkg: Package = { type: "rpm", name, version, purl: "", locations: [{ path }] };
  const release = tagString(h, TAG.RELEASE);
  if (release) pkg.release = release;
  const epoch = tagNumbers(h, TAG.EPOCH)[0];
  if (epoch !== undefined) pkg.epoch = epoch;
  const arch = tagString(h, TAG.ARCH);
  if (arch) pkg.arch = arch;
  const src = parseSourceRpm(tagString(h, TAG.SOURCERPM) ?? "");
  if (src) pkg.source = { ...src, ...(epoch !== undefined ? { epoch } : {}) };
  const license = tagString(h, TAG.LICENSE);
  if (license) pkg.licenses = [license];
  const vendor = tagString(h, TAG.VENDOR);
  if (vendor) pkg.vendor = vendor;
  const modularity = tagString(h, TAG.MODULARITYLABEL);
  if (modularity) pkg.modularityLabel = modularity;
  const files = fileList(h);
  if (files.length > 0) pkg.files = files;
  pkg.purl = rpmPurl(pkg);
  return pkg;
}

function fileList(h: RpmHeader): string[] {
  const basenames = tagStrings(h, TAG.BASENAMES);
  if (basenames.length === 0) return tagStrings(h, TAG.FILENAMES).slice(0, MAX_FILES);
  const dirnames = tagStrings(h, TAG.DIRNAMES);
  const indexes = tagNumbers(h, TAG.DIRINDEXES);
  const out: string[] = [];
  const n = Math.min(basenames.length, indexes.length, MAX_FILES);
  for (let i = 0; i < n; i++) {
    const dir = dirnames[indexes[i] ?? -1];
    if (dir !== undefined) out.push(dir + (basenames[i] ?? ""));
  }
  return out;
}
