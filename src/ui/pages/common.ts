/** Pieces several pages show: an image's name and link, severity counts. */
import { get } from "../api.js";
import { h, link, sevBadge, severities, shortDigest, type Child } from "../dom.js";
import type { ImageItem, Summary } from "../types.js";

export const imageHref = (digest: string, query = ""): string => `#/image/${encodeURIComponent(digest)}${query ? `?${query}` : ""}`;

export const imageName = (i: Pick<ImageItem, "reference" | "repo" | "tag" | "digest">): string => (i.repo ? `${i.repo}${i.tag ? `:${i.tag}` : ""}` : i.reference || shortDigest(i.digest));

export const imageLink = (i: Pick<ImageItem, "reference" | "repo" | "tag" | "digest">): HTMLAnchorElement => link(imageHref(i.digest), imageName(i));

export function counts(summary: Summary | null): Child {
  if (!summary) return h("span", { class: "muted" }, "pending");
  return h(
    "span",
    { class: "counts" },
    severities.slice(0, 4).map((s) => h("span", { class: `count sev-${s.toLowerCase()}`, title: s }, `${s[0]}${summary.counts[s] ?? 0}`)),
  );
}

export const kevBadge = (n: number): Child => (n > 0 ? h("span", { class: "badge kev", title: "known exploited vulnerabilities" }, `KEV ${n}`) : null);

export { sevBadge };

export const verdictBadge = (action: string | null | undefined): Child =>
  action ? h("span", { class: `badge verdict verdict-${action.toLowerCase()}` }, action) : h("span", { class: "muted" }, "—");

/** Whether a policy is active (verdicts exist only then: `/images/{digest}/check` answers 409 otherwise). */
export async function policyActive(): Promise<boolean> {
  const { policies } = await get<{ policies: { active: boolean }[] }>("/policies");
  return policies.some((p) => p.active);
}
