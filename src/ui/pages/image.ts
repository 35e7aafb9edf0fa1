/**
 * Image: metadata; layers with their Dockerfile instruction and the findings each introduced; vulnerabilities
 * with fixes; remediation and base-image advice; packages; the policy verdict and the rules that fired; scan
 * history; SBOM and report downloads. Tabs are links (`?tab=…`), so every view has an address.
 */
import { apiUrl, enc, get, getOr } from "../api.js";
import { bytes, h, link, loading, mount, section, sevBadge, table, when, type Child } from "../dom.js";
import type { Route } from "../router.js";
import type { Check, ImageDetail, Layer, Package, Vulnerability } from "../types.js";
import { imageHref, imageName, policyActive, verdictBadge } from "./common.js";

interface Data {
  digest: string;
  image: ImageDetail;
  vulns: Vulnerability[];
  packages: Package[];
  check: Check | undefined;
}

const tabs = [
  ["vulnerabilities", "Vulnerabilities"],
  ["layers", "Layers"],
  ["packages", "Packages"],
  ["remediation", "Remediation"],
  ["policy", "Policy"],
  ["history", "History"],
  ["downloads", "Downloads"],
] as const;

const layerLink = (digest: string, index: number | undefined, extra = ""): Child =>
  index === undefined ? h("span", { class: "muted" }, "—") : link(imageHref(digest, `tab=layers&layer=${index}${extra}`), `Layer ${index}`);

export async function imagePage(main: HTMLElement, route: Route): Promise<void> {
  const digest = route.arg;
  mount(main, h("h1", null, "Image"), loading());
  const d = enc(digest);
  const [image, vulns, packages, check] = await Promise.all([
    get<ImageDetail>(`/images/${d}`),
    get<{ vulnerabilities: Vulnerability[] }>(`/images/${d}/vulnerabilities`),
    get<{ packages: Package[] }>(`/images/${d}/packages`),
    policyActive().then((active) => (active ? getOr<Check>(`/images/${d}/check`, [409]) : undefined)),
  ]);
  const data: Data = { digest, image, vulns: vulns.vulnerabilities.filter((v) => !v.suppressed), packages: packages.packages, check };
  const tab = route.query.get("tab") ?? "vulnerabilities";
  const body = h("div", { role: "tabpanel", id: "tabpanel", "aria-labelledby": `tab-${tab}` });
  mount(
    main,
    h("h1", null, imageName(image)),
    metadata(data),
    h(
      "nav",
      { class: "tabs", "aria-label": "Image views" },
      tabs.map(([id, title]) => h("a", { id: `tab-${id}`, href: imageHref(digest, `tab=${id}`), ...(id === tab ? { "aria-current": "page", class: "active" } : {}) }, title)),
    ),
    body,
  );
  const views: Record<string, (body: HTMLElement, data: Data, route: Route) => Promise<void> | void> = {
    vulnerabilities: vulnerabilitiesView,
    layers: layersView,
    packages: packagesView,
    remediation: remediationView,
    policy: policyView,
    history: historyView,
    downloads: downloadsView,
  };
  await (views[tab] ?? vulnerabilitiesView)(body, data, route);
}

function metadata({ image, vulns, check }: Data): HTMLElement {
  const platform = image.platform ? [image.platform.os, image.platform.architecture, image.platform.variant].filter(Boolean).join("/") : "—";
  const bySev = new Map<string, number>();
  for (const v of vulns) bySev.set(v.severity, (bySev.get(v.severity) ?? 0) + 1);
  return h(
    "section",
    { class: "card" },
    h("dl", { class: "facts wide" },
      h("dt", null, "Digest"), h("dd", null, h("code", { "data-testid": "digest" }, image.digest)),
      h("dt", null, "Reference"), h("dd", null, image.reference),
      h("dt", null, "OS"), h("dd", null, image.os?.name ?? image.os?.id ?? image.distro ?? "—", " ", image.os?.version ?? ""),
      h("dt", null, "Platform"), h("dd", null, platform),
      h("dt", null, "Created"), h("dd", null, when(image.created)),
      h("dt", null, "First seen / last seen"), h("dd", null, when(image.firstSeen), " / ", when(image.lastSeen)),
      h("dt", null, "Source"), h("dd", null, image.verified ? "scanned" : h("span", { class: "badge warn" }, "unverified (uploaded SBOM or inventory)")),
      h("dt", null, "Findings"), h("dd", null, [...bySev].map(([s, n]) => h("span", { class: "pair" }, sevBadge(s), ` ${n} `))),
      h("dt", null, "Policy verdict"), h("dd", { "data-testid": "verdict" }, check ? [verdictBadge(check.finalAction), " ", check.reason] : "no policy is active"),
    ),
  );
}

function filterInput(label: string, value: string, onInput: (v: string) => void): HTMLElement {
  const input = h("input", { type: "search", value, "aria-label": label, placeholder: label, oninput: () => onInput(input.value) });
  return h("p", null, input);
}

function vulnerabilitiesView(body: HTMLElement, { digest, vulns }: Data, route: Route): void {
  const out = h("div");
  const render = (q: string) => {
    const needle = q.trim().toUpperCase();
    const shown = vulns.filter((v) => !needle || v.id.toUpperCase().includes(needle) || v.aliases.some((a) => a.toUpperCase().includes(needle)) || v.package.name.toUpperCase().includes(needle));
    const rows = shown.map((v) => [
      link(`#/vulnerability/${enc(v.id)}`, v.id),
      sevBadge(v.severity),
      v.package.name,
      v.installedVersion,
      v.fixedVersions.length ? v.fixedVersions.join(", ") : h("span", { class: "muted" }, "no fix"),
      v.status,
      v.kev ? h("span", { class: "badge kev" }, "KEV") : "",
      layerLink(digest, v.package.layer?.index, `&vuln=${enc(v.id)}`),
    ]);
    mount(out, h("p", { class: "muted" }, `${shown.length} of ${vulns.length} findings`), table("Vulnerabilities", ["ID", "Severity", "Package", "Installed", "Fixed in", "Status", "KEV", "Introduced by"], rows, { "data-testid": "vulns-table" }));
  };
  render(route.query.get("q") ?? "");
  mount(body, filterInput("Filter by ID or package", route.query.get("q") ?? "", render), out);
}

function layersView(body: HTMLElement, { image, vulns, packages }: Data, route: Route): void {
  const selected = route.query.get("layer");
  const vuln = route.query.get("vuln");
  const items = image.layers.map((l: Layer) => {
    const introduced = vulns.filter((v) => v.package.layer?.index === l.index);
    const pkgs = packages.filter((p) => p.layer?.index === l.index);
    const open = selected === String(l.index);
    const rows = introduced.map((v) => [link(`#/vulnerability/${enc(v.id)}`, v.id), sevBadge(v.severity), v.package.name, v.installedVersion, v.fixedVersions.join(", ") || "—"]);
    return h(
      "details",
      { class: `layer${open ? " selected" : ""}`, id: `layer-${l.index}`, "data-testid": `layer-${l.index}`, ...(open ? { open: true } : {}) },
      h(
        "summary",
        null,
        h("strong", null, `Layer ${l.index}`),
        " ",
        h("code", { class: "instruction" }, (l.createdBy ?? "(no history)").slice(0, 120)),
        " ",
        h("span", { class: "muted" }, `${bytes(l.size)} · ${pkgs.length} packages · ${introduced.length} findings`),
      ),
      h("dl", { class: "facts wide" },
        h("dt", null, "Instruction"), h("dd", null, h("pre", { "data-testid": "instruction" }, l.createdBy ?? "(no history entry)")),
        h("dt", null, "Diff ID"), h("dd", null, h("code", null, l.diffId)),
        h("dt", null, "Created"), h("dd", null, when(l.created)),
      ),
      vuln && open ? h("p", { class: "highlight", role: "status" }, `${vuln} was introduced by this layer.`) : null,
      table(`Findings introduced by layer ${l.index}`, ["ID", "Severity", "Package", "Installed", "Fixed in"], rows),
    );
  });
  mount(body, h("p", { class: "muted" }, "Each layer with the instruction that built it and the findings of the packages it added or changed."), items);
  if (selected !== null) document.getElementById(`layer-${selected}`)?.scrollIntoView({ block: "start" });
}

function packagesView(body: HTMLElement, { digest, packages }: Data, route: Route): void {
  const out = h("div");
  const render = (q: string) => {
    const needle = q.trim().toLowerCase();
    const shown = packages.filter((p) => !needle || p.name.toLowerCase().includes(needle) || p.purl.toLowerCase().includes(needle));
    const rows = shown.slice(0, 2000).map((p) => [p.name, p.version, p.type, layerLink(digest, p.layer?.index), (p.licenses ?? []).join(", "), h("code", null, p.purl)]);
    mount(out, h("p", { class: "muted" }, `${shown.length} of ${packages.length} packages${shown.length > 2000 ? " (first 2000 shown)" : ""}`), table("Packages", ["Name", "Version", "Type", "Layer", "Licenses", "Package URL"], rows, { "data-testid": "packages-table" }));
  };
  render(route.query.get("q") ?? "");
  mount(body, filterInput("Filter packages", route.query.get("q") ?? "", render), out);
}

interface Report {
  remediation?: {
    packages: { name: string; type: string; installed: string; upgradeTo: string; fixes: number; unfixed: number }[];
    base?: { baseLayers: number; fromBase: number; fromTop: number; fixableInBase: number; image?: string; tag?: string; newerTags?: string[]; advice?: string };
  };
}

async function remediationView(body: HTMLElement, { digest }: Data): Promise<void> {
  mount(body, loading());
  const report = await get<Report>(`/images/${enc(digest)}/report?format=json`);
  const r = report.remediation;
  const rows = (r?.packages ?? []).map((p) => [p.name, p.type, p.installed, h("strong", null, p.upgradeTo), p.fixes, p.unfixed]);
  const base = r?.base;
  mount(
    body,
    section("Upgrades", table("Package upgrades", ["Package", "Type", "Installed", "Upgrade to", "Fixes", "Unfixed"], rows, { "data-testid": "remediation-table" })),
    section(
      "Base image",
      base
        ? h("dl", { class: "facts" },
            h("dt", null, "Base image"), h("dd", null, base.image ? `${base.image}${base.tag ? `:${base.tag}` : ""}` : "unknown"),
            h("dt", null, "Base layers"), h("dd", null, base.baseLayers),
            h("dt", null, "Findings from the base / from the layers on top"), h("dd", null, `${base.fromBase} / ${base.fromTop}`),
            h("dt", null, "Fixable in the base"), h("dd", null, base.fixableInBase),
            h("dt", null, "Newer base tags"), h("dd", null, base.newerTags?.join(", ") || "—"),
            h("dt", null, "Advice"), h("dd", null, base.advice ?? "—"),
          )
        : h("p", { class: "muted" }, "No base-image advice: the image does not say which base it was built from."),
    ),
  );
}

function policyView(body: HTMLElement, { check }: Data): void {
  if (!check) return mount(body, h("p", { class: "muted" }, "No policy is active."));
  if (!check.evaluation) return mount(body, h("p", null, `Verdict unknown: ${check.reason}`));
  const rows = check.evaluation.rules.map((r) => [r.id, `${r.gate}.${r.trigger}`, r.action, r.outcome, verdictBadge(r.effectiveAction), r.skipped ?? `${r.hits.length} hits`]);
  mount(
    body,
    h("p", null, "Policy ", h("strong", null, check.policy.name), " (revision ", h("code", null, check.policy.revision.slice(0, 12)), "): ", verdictBadge(check.finalAction), " ", check.reason),
    table("Rules", ["Rule", "Gate / trigger", "Action", "Outcome", "Effect", "Hits"], rows, { "data-testid": "rules-table" }),
    check.evaluation.warnings.length ? h("ul", { class: "warnings" }, check.evaluation.warnings.map((w) => h("li", null, w))) : null,
  );
}

interface ScanRow {
  id: string;
  target: string;
  state: string;
  lane: string;
  attempts: number;
  error: string | null;
  createdAt: number;
  finishedAt: number | null;
}

async function historyView(body: HTMLElement, { digest, image }: Data): Promise<void> {
  mount(body, loading());
  const [scans, checks] = await Promise.all([
    get<{ scans: ScanRow[] }>(`/images/${enc(digest)}/scans`),
    get<{ evaluations: { finalAction: string; evaluatedAt: string; dbVersion: string; revision: string }[] }>(`/images/${enc(digest)}/checks?limit=20`),
  ]);
  mount(
    body,
    section("Scans", table("Scans", ["Queued", "Finished", "State", "Target", "Lane", "Attempts", "Error"], scans.scans.map((s) => [when(s.createdAt), when(s.finishedAt), s.state, s.target, s.lane, s.attempts, s.error ?? ""]), { "data-testid": "scans-table" })),
    section("Seen as", table("Tags", ["Reference", "First seen", "Last seen"], image.tags.map((t) => [t.reference, when(t.firstSeen), when(t.lastSeen)]))),
    section("Policy evaluations", table("Evaluations", ["When", "Verdict", "Database", "Policy revision"], checks.evaluations.map((e) => [when(e.evaluatedAt), verdictBadge(e.finalAction), e.dbVersion, e.revision.slice(0, 12)]))),
  );
}

const extensions: Record<string, string> = { json: "json", sarif: "sarif.json", cyclonedx: "cdx.json", "spdx-json": "spdx.json", html: "html", table: "txt", "github-sarif": "sarif.json" };

async function downloadsView(body: HTMLElement, { digest, image }: Data): Promise<void> {
  const doc = await get<{ paths: Record<string, { get?: { parameters?: { name: string; schema?: { enum?: string[] } }[] } }> }>("/openapi.json");
  const formatsOf = (path: string) => doc.paths[path]?.get?.parameters?.find((p) => p.name === "format")?.schema?.enum ?? [];
  const base = (image.repo ?? "image").replace(/[^\w.-]+/g, "_") + (image.tag ? `_${image.tag}` : "");
  const a = (path: string, format: string, ext: string) => h("a", { href: apiUrl(`/images/${enc(digest)}/${path}?format=${enc(format)}`), download: `${base}.${ext}`, class: "button" }, format);
  mount(
    body,
    section("SBOM", h("p", { class: "buttons", "data-testid": "sbom-downloads" }, formatsOf("/images/{digest}/sbom").map((f) => a("sbom", f, f === "cyclonedx" ? "cdx.json" : "spdx.json")))),
    section("Reports", h("p", { class: "buttons", "data-testid": "report-downloads" }, formatsOf("/images/{digest}/report").map((f) => a("report", f, extensions[f] ?? "txt")))),
    h("p", { class: "muted" }, "Downloads use your session; nothing secret is put in their addresses."),
  );
}
