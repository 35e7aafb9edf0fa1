/** The trend chart: one line per severity over the database builds, as SVG (no script in it), with a table of the same points. */
import { h, svg, table, when } from "./dom.js";
import type { TrendPoint } from "./types.js";

const series = ["critical", "high", "medium", "low", "kev"] as const;
const W = 720;
const H = 240;
const PAD = { l: 48, r: 16, t: 12, b: 36 };

export function trendChart(points: readonly TrendPoint[]): HTMLElement {
  if (points.length === 0) return h("p", { class: "muted", "data-testid": "trend-empty" }, "No history yet: trends appear once images have been indexed against a database.");
  let max = 1;
  for (const p of points) for (const s of series) max = Math.max(max, p[s]);
  const x = (i: number) => PAD.l + (points.length === 1 ? (W - PAD.l - PAD.r) / 2 : (i * (W - PAD.l - PAD.r)) / (points.length - 1));
  const y = (v: number) => H - PAD.b - (v * (H - PAD.t - PAD.b)) / max;
  const grid = [0, 0.5, 1].map((f) => {
    const v = Math.round(max * f);
    return svg("g", null, svg("line", { x1: PAD.l, x2: W - PAD.r, y1: y(v), y2: y(v), class: "grid" }), svg("text", { x: PAD.l - 6, y: y(v) + 4, class: "axis", "text-anchor": "end" }, v));
  });
  const labels = points.map((p, i) => svg("text", { x: x(i), y: H - PAD.b + 16, class: "axis", "text-anchor": "middle" }, new Date(p.at).toISOString().slice(0, 10)));
  const lines = series.map((s) =>
    svg(
      "g",
      { class: `series series-${s}` },
      svg("polyline", { points: points.map((p, i) => `${x(i)},${y(p[s])}`).join(" "), fill: "none" }),
      points.map((p, i) => svg("circle", { cx: x(i), cy: y(p[s]), r: 3.5, "data-series": s, "data-at": p.at, "data-value": p[s] }, svg("title", null, `${s} ${p[s]} (${when(p.at)})`))),
    ),
  );
  const legend = h("ul", { class: "legend" }, series.map((s) => h("li", { class: `series-${s}` }, h("span", { class: "swatch" }), s === "kev" ? "KEV" : s)));
  const chart = svg("svg", { viewBox: `0 0 ${W} ${H}`, role: "img", "aria-label": `Open findings over ${points.length} database builds`, class: "chart", "data-testid": "trend-chart" }, grid, labels, lines);
  const rows = points.map((p) => [when(p.at), p.dbVersion, p.critical, p.high, p.medium, p.low, p.negligible, p.unknown, p.kev, p.images]);
  return h(
    "div",
    null,
    chart,
    legend,
    h("details", null, h("summary", null, "Trend data"), table("Trend points", ["Database built", "Version", "Critical", "High", "Medium", "Low", "Negligible", "Unknown", "KEV", "Images"], rows, { "data-testid": "trend-table" })),
  );
}
