/**
 * Subscriptions and their delivery log (`/subscriptions`, `/subscriptions/{id}/deliveries`). A server
 * without them (404) says so; the rows are shown field by field, whatever fields they have.
 */
import { enc, getOr } from "../api.js";
import { h, link, loading, mount, section, table, when, type Child } from "../dom.js";
import type { Route } from "../router.js";

type Row = Record<string, unknown>;

/** The first list in an answer (`{ subscriptions: [...] }`, `{ items: [...] }` or a bare list). */
function listOf(answer: unknown): Row[] {
  if (Array.isArray(answer)) return answer as Row[];
  if (answer && typeof answer === "object") for (const v of Object.values(answer)) if (Array.isArray(v)) return v as Row[];
  return [];
}

const cell = (key: string, v: unknown): Child => {
  if (v === null || v === undefined) return "—";
  if (typeof v === "number" && /at$|time/i.test(key) && v > 1e12) return when(v);
  if (typeof v === "object") return h("code", null, JSON.stringify(v).slice(0, 160));
  return String(v);
};

function rowsTable(caption: string, rows: Row[], first?: (r: Row) => Child, testid?: string): HTMLElement {
  const keys = [...new Set(rows.flatMap((r) => Object.keys(r)))].filter((k) => !/secret|token|password/i.test(k)).slice(0, 8);
  return table(caption, [...(first ? [""] : []), ...keys], rows.map((r) => [...(first ? [first(r)] : []), ...keys.map((k) => cell(k, r[k]))]), testid ? { "data-testid": testid } : {});
}

const unavailable = (): HTMLElement => h("p", { class: "muted", "data-testid": "not-available" }, "Subscriptions are not available on this server.");

export async function subscriptionsPage(main: HTMLElement, route: Route): Promise<void> {
  mount(main, h("h1", null, "Subscriptions"), loading());
  if (route.arg) {
    const deliveries = await getOr<unknown>(`/subscriptions/${enc(route.arg)}/deliveries`, [404]);
    if (deliveries === undefined) return mount(main, h("h1", null, "Delivery log"), unavailable());
    return mount(main, h("h1", null, "Delivery log"), h("p", null, link("#/subscriptions", "All subscriptions")), rowsTable("Deliveries", listOf(deliveries), undefined, "deliveries"));
  }
  const subs = await getOr<unknown>("/subscriptions", [404]);
  if (subs === undefined) return mount(main, h("h1", null, "Subscriptions"), unavailable());
  const list = listOf(subs);
  mount(
    main,
    h("h1", null, "Subscriptions"),
    section("Subscriptions", rowsTable("Subscriptions", list, (r) => (typeof r.id === "string" ? link(`#/subscriptions/${enc(r.id)}`, "Delivery log") : ""), "subscriptions")),
  );
}
