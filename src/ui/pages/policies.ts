/** Policies: the stored policies and their documents; admins create (edit as a new revision), activate, delete, and try one on an image. */
import { call, enc, get, isAdmin } from "../api.js";
import { h, link, loading, mount, section, table, when } from "../dom.js";
import { go, type Route } from "../router.js";
import type { Evaluation, ImageItem, Listing } from "../types.js";
import { imageName, verdictBadge } from "./common.js";

interface StoredPolicy {
  id: string;
  name: string;
  revision: string;
  active: boolean;
  createdAt: string;
  activatedAt: string | null;
  document?: string;
}

const errorBox = () => h("p", { class: "error", role: "alert", "data-testid": "policy-error" });

export async function policiesPage(main: HTMLElement, route: Route): Promise<void> {
  mount(main, h("h1", null, "Policies"), loading());
  const { policies } = await get<{ policies: StoredPolicy[] }>("/policies");
  const selected = route.arg ? await get<StoredPolicy>(`/policies/${enc(route.arg)}`) : undefined;
  const rows = policies.map((p) => [
    link(`#/policies/${enc(p.id)}`, p.name),
    p.active ? h("span", { class: "badge verdict-go" }, "active") : "",
    h("code", null, p.revision.slice(0, 12)),
    when(p.createdAt),
    isAdmin() ? adminActions(p) : null,
  ]);
  mount(
    main,
    h("h1", null, "Policies"),
    section("Stored policies", table("Policies", ["Name", "", "Revision", "Created", ...(isAdmin() ? ["Actions"] : [])], rows, { "data-testid": "policies-table" })),
    selected ? section(`Policy ${selected.name}`, h("pre", { class: "document", "data-testid": "policy-document" }, selected.document ?? "")) : null,
    isAdmin() ? await editor(selected) : h("p", { class: "muted" }, "Readers see the policies; admins edit them."),
  );
}

function adminActions(p: StoredPolicy): HTMLElement {
  const err = errorBox();
  const act = (label: string, method: string, path: string, cls = "") =>
    h("button", { type: "button", class: cls, onclick: () => void call(method, path).then(() => go("#/policies"), (e: Error) => (err.textContent = e.message)) }, label);
  return h("span", { class: "buttons", "data-testid": "admin-actions" }, p.active ? null : act("Activate", "POST", `/policies/${enc(p.id)}/activate`), act("Delete", "DELETE", `/policies/${enc(p.id)}`, "danger"), err);
}

async function editor(selected: StoredPolicy | undefined): Promise<HTMLElement> {
  const images = (await get<Listing<ImageItem>>("/images?limit=200")).items;
  const name = h("input", { name: "name", required: true, value: selected?.name ?? "", maxlength: 200 });
  const doc = h("textarea", { name: "document", rows: 16, required: true, spellcheck: "false", "aria-label": "Policy document (YAML or JSON)" });
  doc.value = selected?.document ?? "";
  const active = h("input", { type: "checkbox", name: "active" });
  const image = h("select", { name: "image", "aria-label": "Image to test on" }, images.map((i) => h("option", { value: i.digest }, imageName(i))));
  const err = errorBox();
  const result = h("div", { role: "status", "data-testid": "policy-test-result" });
  const save = async (e: Event) => {
    e.preventDefault();
    err.textContent = "";
    try {
      const p = await call<StoredPolicy>("POST", "/policies", { name: name.value, document: doc.value, active: active.checked });
      go(`#/policies/${enc(p.id)}`);
    } catch (x) {
      err.textContent = (x as Error).message;
    }
  };
  const test = async () => {
    err.textContent = "";
    try {
      const r = await call<{ finalAction: string; reason: string; evaluation: Evaluation }>("POST", "/policies/test", { document: doc.value, digest: image.value });
      mount(
        result,
        h("p", null, verdictBadge(r.finalAction), " ", r.reason),
        table("Rules", ["Rule", "Gate / trigger", "Outcome", "Effect", "Hits"], r.evaluation.rules.map((x) => [x.id, `${x.gate}.${x.trigger}`, x.outcome, verdictBadge(x.effectiveAction), x.skipped ?? x.hits.length])),
      );
    } catch (x) {
      err.textContent = (x as Error).message;
    }
  };
  return section(
    selected ? "Edit (saved as a new policy)" : "New policy",
    h(
      "form",
      { class: "editor", onsubmit: (e: Event) => void save(e), "data-testid": "policy-editor" },
      h("label", null, "Name", name),
      doc,
      h("label", { class: "check" }, active, "Make it the active policy"),
      h("p", { class: "buttons" }, h("button", { type: "submit" }, "Save"), " ", h("label", null, "Test on ", image), h("button", { type: "button", onclick: () => void test() }, "Test")),
      err,
      result,
    ),
  );
}
