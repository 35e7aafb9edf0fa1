/** Overview: the fleet's findings by severity, the trend, KEV images, the riskiest images, database age, queue, verdicts. */
import { get } from "../api.js";
import { trendChart } from "../chart.js";
import { age, h, loading, mount, section, severities, table, when } from "../dom.js";
import type { ImageItem, Listing, TrendPoint } from "../types.js";
import { counts, imageLink, kevBadge, verdictBadge } from "./common.js";

interface Overview {
  counts: Record<string, number>;
  kev: number;
  images: { total: number; indexed: number; withKev: number; fixable: number };
  queue: Record<string, number>;
  policy: { name: string; revision: string; verdicts: Record<string, number> } | null;
  database: { version: string; builtAt: string; ageSeconds: number | null; stale: boolean };
}

const stat = (label: string, value: string | number, cls = "") => h("div", { class: `stat ${cls}` }, h("div", { class: "value" }, value), h("div", { class: "label" }, label));

export async function overviewPage(main: HTMLElement): Promise<void> {
  mount(main, h("h1", null, "Overview"), loading());
  const [o, trends, risky, kev] = await Promise.all([
    get<Overview>("/overview"),
    get<{ points: TrendPoint[] }>("/trends"),
    get<Listing<ImageItem>>("/images?sort=risk&limit=10"),
    get<Listing<ImageItem>>("/images?sort=risk&kev=true&limit=10"),
  ]);
  const imageRows = (items: ImageItem[]) => items.map((i) => [imageLink(i), counts(i.summary), kevBadge(i.summary?.kev ?? 0), i.summary?.fixable ?? 0]);
  mount(
    main,
    h("h1", null, "Overview"),
    h(
      "div",
      { class: "stats", "data-testid": "severity-counts" },
      severities.map((s) => stat(s.toLowerCase(), o.counts[s] ?? 0, `sev-${s.toLowerCase()}`)),
      stat("KEV findings", o.kev, "kev"),
    ),
    h(
      "div",
      { class: "grid2" },
      section(
        "Fleet",
        h("dl", { class: "facts" },
          h("dt", null, "Images"), h("dd", null, o.images.total),
          h("dt", null, "Indexed"), h("dd", null, o.images.indexed),
          h("dt", null, "With KEV findings"), h("dd", null, o.images.withKev),
          h("dt", null, "With fixable findings"), h("dd", null, o.images.fixable),
        ),
      ),
      section(
        "Vulnerability database",
        h("dl", { class: "facts" },
          h("dt", null, "Built"), h("dd", null, when(o.database.builtAt)),
          h("dt", null, "Age"), h("dd", { "data-testid": "db-age" }, age(o.database.ageSeconds), o.database.stale ? h("span", { class: "badge warn" }, "stale") : null),
        ),
      ),
      section("Queue", h("dl", { class: "facts", "data-testid": "queue" }, Object.entries(o.queue).map(([k, v]) => [h("dt", null, k), h("dd", null, v)]))),
      section(
        "Policy verdicts",
        o.policy
          ? [
              h("p", null, "Active policy ", h("strong", null, o.policy.name)),
              h("dl", { class: "facts", "data-testid": "verdicts" }, ["GO", "WARN", "STOP"].map((a) => [h("dt", null, verdictBadge(a)), h("dd", null, o.policy!.verdicts[a] ?? 0)])),
            ]
          : h("p", { class: "muted" }, "No policy is active."),
      ),
    ),
    section("Open findings over time", trendChart(trends.points)),
    h(
      "div",
      { class: "grid2" },
      section("Images with KEV findings", table("Images with KEV findings", ["Image", "Findings", "KEV", "Fixable"], imageRows(kev.items), { "data-testid": "kev-images" })),
      section("Riskiest images", table("Riskiest images", ["Image", "Findings", "KEV", "Fixable"], imageRows(risky.items), { "data-testid": "risky-images" })),
    ),
  );
}
