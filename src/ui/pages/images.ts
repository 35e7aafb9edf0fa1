/** Images: search by registry, repository, tag or digest; filter by severity, fixable, KEV, verdict; sort by risk. */
import { getOr } from "../api.js";
import { h, loading, mount, severities, shortDigest, table, when } from "../dom.js";
import { go, type Route } from "../router.js";
import type { ImageItem, Listing } from "../types.js";
import { counts, imageHref, imageLink, kevBadge, verdictBadge } from "./common.js";

const fields = ["registry", "repo", "tag", "severity", "kev", "fixable", "sort", "verdict", "cursor"] as const;

function queryOf(form: HTMLFormElement): URLSearchParams {
  const data = new FormData(form);
  const q = new URLSearchParams();
  for (const f of fields) {
    const v = data.get(f);
    if (typeof v === "string" && v.trim() !== "") q.set(f, v.trim());
  }
  return q;
}

function filterForm(q: URLSearchParams): HTMLFormElement {
  const text = (name: string, label: string, placeholder: string) =>
    h("label", null, label, h("input", { name, value: q.get(name) ?? "", placeholder, spellcheck: "false" }));
  const select = (name: string, label: string, options: readonly [string, string][]) =>
    h("label", null, label, h("select", { name }, options.map(([v, t]) => h("option", { value: v, ...(q.get(name) === v ? { selected: true } : {}) }, t))));
  const check = (name: string, label: string) => h("label", { class: "check" }, h("input", { type: "checkbox", name, value: "true", ...(q.get(name) === "true" ? { checked: true } : {}) }), label);
  const form = h(
    "form",
    { class: "filters card", role: "search", onsubmit: (e: Event) => submit(e) },
    h("label", null, "Digest", h("input", { name: "digest", placeholder: "sha256:…", spellcheck: "false" })),
    text("registry", "Registry", "index.docker.io"),
    text("repo", "Repository", "library/debian"),
    text("tag", "Tag", "12"),
    select("severity", "Severity at least", [["", "any"], ...severities.map((s) => [s, s.toLowerCase()] as [string, string])]),
    select("verdict", "Verdict", [["", "any"], ["GO", "GO"], ["WARN", "WARN"], ["STOP", "STOP"], ["unknown", "unknown"]]),
    select("sort", "Sort", [["risk", "risk"], ["digest", "digest"]]),
    check("fixable", "Fixable"),
    check("kev", "KEV"),
    h("button", { type: "submit" }, "Search"),
  );
  function submit(e: Event) {
    e.preventDefault();
    const digest = String(new FormData(form).get("digest") ?? "").trim();
    if (digest) return go(imageHref(digest));
    go(`#/images?${queryOf(form).toString()}`);
  }
  return form;
}

export async function imagesPage(main: HTMLElement, route: Route): Promise<void> {
  const q = route.query;
  const form = filterForm(q);
  const results = h("div", null, loading());
  mount(main, h("h1", null, "Images"), form, results);
  const api = new URLSearchParams({ sort: q.get("sort") ?? "risk", limit: "50" });
  for (const f of ["registry", "repo", "tag", "severity", "kev", "fixable", "verdict", "cursor"]) if (q.get(f)) api.set(f, q.get(f)!);
  // The verdict filter is the server's (the active policy's stored verdicts, over every page); 409: no policy is active.
  const page = await getOr<Listing<ImageItem>>(`/images?${api.toString()}`, [409]);
  if (!page) return mount(results, h("p", { class: "muted" }, "No policy is active: there are no verdicts to filter by."));
  const verdictOf = (i: ImageItem) => (i.verdict ? verdictBadge(i.verdict) : page.policy ? h("span", { class: "muted", title: i.verified ? "not evaluated yet" : "unverified" }, "unknown") : verdictBadge(undefined));
  const rows = page.items.map((i) => [imageLink(i), h("code", { title: i.digest }, shortDigest(i.digest)), counts(i.summary), kevBadge(i.summary?.kev ?? 0), i.summary?.fixable ?? 0, verdictOf(i), when(i.lastSeen)]);
  const next = new URLSearchParams(q);
  if (page.nextCursor) next.set("cursor", page.nextCursor);
  mount(
    results,
    page.complete ? null : h("p", { class: "muted" }, `The findings index is catching up (${page.pending} images pending).`),
    page.verdictsComplete === false ? h("p", { class: "muted" }, "The server is still evaluating the policy on some images; they are listed as unknown until then.") : null,
    table("Images", ["Image", "Digest", "Findings", "KEV", "Fixable", "Verdict", "Last seen"], rows, { "data-testid": "images-table" }),
    h(
      "p",
      { class: "pager" },
      q.get("cursor") ? h("a", { href: "#/images?" + withoutCursor(q) }, "First page") : null,
      page.nextCursor ? h("a", { href: `#/images?${next.toString()}`, rel: "next" }, "Next page") : null,
    ),
  );
}

function withoutCursor(q: URLSearchParams): string {
  const c = new URLSearchParams(q);
  c.delete("cursor");
  return c.toString();
}
