/** Tokens (admin): list, create (the secret is shown once), revoke. */
import { call, get } from "../api.js";
import { h, loading, mount, section, table, when } from "../dom.js";

interface TokenInfo {
  id: string;
  name: string | null;
  role: string;
  createdAt: number;
}

export async function tokensPage(main: HTMLElement): Promise<void> {
  mount(main, h("h1", null, "Tokens"), loading());
  const { tokens } = await get<{ tokens: TokenInfo[] }>("/tokens");
  const created = h("div", { role: "status" });
  const name = h("input", { name: "name", maxlength: 200, placeholder: "ci-pipeline" });
  const role = h("select", { name: "role" }, ["reader", "scanner", "admin"].map((r) => h("option", { value: r }, r)));
  const form = h(
    "form",
    { class: "filters card", onsubmit: (e: Event) => void create(e) },
    h("label", null, "Name", name),
    h("label", null, "Role", role),
    h("button", { type: "submit" }, "Create token"),
  );
  async function create(e: Event) {
    e.preventDefault();
    const t = await call<TokenInfo & { token: string }>("POST", "/tokens", { role: role.value, ...(name.value.trim() ? { name: name.value.trim() } : {}) });
    mount(created, h("div", { class: "card highlight" }, h("p", null, `Token ${t.name ?? t.id} (${t.role}) — copy it now, it is not shown again:`), h("code", { class: "secret", "data-testid": "new-token" }, t.token)));
    await refresh();
  }
  const list = h("div");
  async function refresh() {
    const { tokens } = await get<{ tokens: TokenInfo[] }>("/tokens");
    render(tokens);
  }
  function render(items: TokenInfo[]) {
    const revoke = (t: TokenInfo) =>
      h("button", {
        type: "button",
        class: "danger",
        "aria-label": `Revoke ${t.name ?? t.id}`,
        onclick: () => {
          if (!confirm(`Revoke token ${t.name ?? t.id}? It stops working at once.`)) return;
          void call("DELETE", `/tokens/${encodeURIComponent(t.id)}`).then(refresh, (err: Error) => mount(created, h("p", { class: "error", role: "alert" }, err.message)));
        },
      }, "Revoke");
    mount(list, table("Tokens", ["Name", "Role", "Created", "ID", ""], items.map((t) => [t.name ?? "—", t.role, when(t.createdAt), h("code", null, t.id), revoke(t)]), { "data-testid": "tokens-table" }));
  }
  render(tokens);
  mount(main, h("h1", null, "Tokens"), section("New token", form, created), section("Tokens", list));
}
