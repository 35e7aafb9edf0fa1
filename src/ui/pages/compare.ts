/** Compare two images (or two versions of a repository): packages and vulnerabilities added, removed, changed. */
import { enc, get } from "../api.js";
import { h, loading, mount, section, sevBadge, table } from "../dom.js";
import { go, type Route } from "../router.js";
import type { ImageItem, Listing, Package, Vulnerability } from "../types.js";
import { imageLink, imageName } from "./common.js";

export interface Diff<T> {
  added: T[];
  removed: T[];
}

/** Packages by type and name: a different version is "changed"; the rest added or removed. */
export function diffPackages(a: readonly Package[], b: readonly Package[]) {
  const key = (p: Package) => `${p.type}/${p.name}`;
  const before = new Map(a.map((p) => [key(p), p]));
  const after = new Map(b.map((p) => [key(p), p]));
  const added = b.filter((p) => !before.has(key(p)));
  const removed = a.filter((p) => !after.has(key(p)));
  const changed = b.filter((p) => before.has(key(p)) && before.get(key(p))!.version !== p.version).map((p) => ({ from: before.get(key(p))!, to: p }));
  return { added, removed, changed };
}

/** Findings by vulnerability and package. */
export function diffVulnerabilities(a: readonly Vulnerability[], b: readonly Vulnerability[]): Diff<Vulnerability> {
  const key = (v: Vulnerability) => `${v.id}|${v.package.name}`;
  const before = new Set(a.map(key));
  const after = new Set(b.map(key));
  return { added: b.filter((v) => !before.has(key(v))), removed: a.filter((v) => !after.has(key(v))) };
}

function picker(name: string, label: string, images: readonly ImageItem[], value: string): HTMLElement {
  return h(
    "label",
    null,
    label,
    h("select", { name, required: true }, h("option", { value: "" }, "choose an image"), images.map((i) => h("option", { value: i.digest, ...(i.digest === value ? { selected: true } : {}) }, `${imageName(i)} (${i.digest.slice(7, 19)})`))),
  );
}

export async function comparePage(main: HTMLElement, route: Route): Promise<void> {
  mount(main, h("h1", null, "Compare"), loading());
  const a = route.query.get("a") ?? "";
  const b = route.query.get("b") ?? "";
  const images = (await get<Listing<ImageItem>>("/images?limit=500")).items.sort((x, y) => imageName(x).localeCompare(imageName(y)));
  const form = h(
    "form",
    { class: "filters card", onsubmit: (e: Event) => submit(e) },
    picker("a", "From", images, a),
    picker("b", "To", images, b),
    h("button", { type: "submit" }, "Compare"),
  );
  function submit(e: Event) {
    e.preventDefault();
    const data = new FormData(form);
    go(`#/compare?a=${enc(String(data.get("a")))}&b=${enc(String(data.get("b")))}`);
  }
  if (!a || !b) return mount(main, h("h1", null, "Compare"), form, h("p", { class: "muted" }, "Choose two images, e.g. two tags of one repository."));
  const load = (d: string) =>
    Promise.all([get<{ packages: Package[] }>(`/images/${enc(d)}/packages`), get<{ vulnerabilities: Vulnerability[] }>(`/images/${enc(d)}/vulnerabilities`), get<ImageItem>(`/images/${enc(d)}`)]);
  const [[pa, va, ia], [pb, vb, ib]] = await Promise.all([load(a), load(b)]);
  const pkgs = diffPackages(pa.packages, pb.packages);
  const vulns = diffVulnerabilities(va.vulnerabilities.filter((v) => !v.suppressed), vb.vulnerabilities.filter((v) => !v.suppressed));
  const pkgRows = (list: Package[]) => list.map((p) => [p.name, p.version, p.type]);
  const vulnRows = (list: Vulnerability[]) => list.map((v) => [h("a", { href: `#/vulnerability/${enc(v.id)}` }, v.id), sevBadge(v.severity), v.package.name, v.installedVersion, v.fixedVersions.join(", ") || "—"]);
  mount(
    main,
    h("h1", null, "Compare"),
    form,
    h("p", { "data-testid": "compare-summary" }, "From ", imageLink(ia), " to ", imageLink(ib), `: ${vulns.added.length} vulnerabilities added, ${vulns.removed.length} removed; ${pkgs.added.length} packages added, ${pkgs.removed.length} removed, ${pkgs.changed.length} changed.`),
    h(
      "div",
      { class: "grid2" },
      section(`Vulnerabilities added (${vulns.added.length})`, table("Vulnerabilities added", ["ID", "Severity", "Package", "Installed", "Fixed in"], vulnRows(vulns.added), { "data-testid": "vulns-added" })),
      section(`Vulnerabilities removed (${vulns.removed.length})`, table("Vulnerabilities removed", ["ID", "Severity", "Package", "Installed", "Fixed in"], vulnRows(vulns.removed), { "data-testid": "vulns-removed" })),
      section(`Packages added (${pkgs.added.length})`, table("Packages added", ["Name", "Version", "Type"], pkgRows(pkgs.added), { "data-testid": "packages-added" })),
      section(`Packages removed (${pkgs.removed.length})`, table("Packages removed", ["Name", "Version", "Type"], pkgRows(pkgs.removed), { "data-testid": "packages-removed" })),
    ),
    section(`Packages changed (${pkgs.changed.length})`, table("Packages changed", ["Name", "From", "To", "Type"], pkgs.changed.map((c) => [c.to.name, c.from.version, c.to.version, c.to.type]), { "data-testid": "packages-changed" })),
  );
}
