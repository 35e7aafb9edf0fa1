/** The dashboard: a hash router over the pages, the layout (skip link, navigation, session), the login. */
import { ApiError, isAdmin, login, logout, onSessionLost, restore, session } from "./api.js";
import { h, mount } from "./dom.js";
import { comparePage } from "./pages/compare.js";
import { imagePage } from "./pages/image.js";
import { imagesPage } from "./pages/images.js";
import { overviewPage } from "./pages/overview.js";
import { policiesPage } from "./pages/policies.js";
import { subscriptionsPage } from "./pages/subscriptions.js";
import { tokensPage } from "./pages/tokens.js";
import { vulnerabilityPage } from "./pages/vulnerability.js";
import { go, parseRoute, type Route } from "./router.js";

type Page = (main: HTMLElement, route: Route) => Promise<void>;

const pages: Record<string, { title: string; render: Page; nav?: boolean; admin?: boolean }> = {
  overview: { title: "Overview", render: overviewPage, nav: true },
  images: { title: "Images", render: imagesPage, nav: true },
  image: { title: "Image", render: imagePage },
  compare: { title: "Compare", render: comparePage, nav: true },
  vulnerability: { title: "Vulnerability", render: vulnerabilityPage, nav: true },
  policies: { title: "Policies", render: policiesPage, nav: true },
  subscriptions: { title: "Subscriptions", render: subscriptionsPage, nav: true },
  tokens: { title: "Tokens", render: tokensPage, nav: true, admin: true },
};

const app = document.getElementById("app")!;

function header(current: string): HTMLElement {
  const nav = h(
    "nav",
    { "aria-label": "Main" },
    h(
      "ul",
      null,
      Object.entries(pages)
        .filter(([, p]) => p.nav && (!p.admin || isAdmin()))
        .map(([name, p]) => h("li", null, h("a", { href: `#/${name}`, ...(name === current ? { "aria-current": "page" } : {}) }, p.title))),
    ),
  );
  const out = h("button", { type: "button", class: "link", onclick: () => void logout().then(() => go("#/login")) }, "Log out");
  return h("header", { class: "top" }, h("a", { class: "brand", href: "#/overview" }, "Dredge"), nav, h("div", { class: "who" }, h("span", { class: "role", "data-testid": "role" }, session.role ?? ""), out));
}

function loginPage(main: HTMLElement, next: string): void {
  document.title = "Log in · Dredge";
  const input = h("input", { id: "token", name: "token", type: "password", autocomplete: "current-password", required: true, spellcheck: "false" });
  const error = h("p", { class: "error", role: "alert" });
  const form = h(
    "form",
    { class: "card login", onsubmit: (e: Event) => void submit(e) },
    h("h1", null, "Dredge dashboard"),
    h("p", null, "Log in with an API token (", h("code", null, "dredge server token create"), "). The token is kept by the server as an HttpOnly session; it never appears in a URL."),
    h("label", { for: "token" }, "API token"),
    input,
    h("button", { type: "submit" }, "Log in"),
    error,
  );
  async function submit(e: Event) {
    e.preventDefault();
    try {
      await login(input.value.trim());
      input.value = "";
      go(next && next !== "#/login" ? next : "#/overview");
    } catch (err) {
      error.textContent = err instanceof ApiError && err.status === 401 ? "That is not a valid API token." : String((err as Error).message);
    }
  }
  mount(main, form);
  input.focus();
}

let rendering = 0;

async function render(): Promise<void> {
  const seq = ++rendering;
  const route = parseRoute(location.hash);
  const main = h("main", { id: "main", tabindex: "-1" });
  if (route.page === "login" || !session.role) {
    mount(app, main);
    loginPage(main, route.page === "login" ? route.query.get("next") ?? "" : location.hash);
    return;
  }
  const page = pages[route.page];
  mount(app, h("a", { class: "skip", href: "#main", onclick: (e: Event) => (e.preventDefault(), main.focus()) }, "Skip to content"), header(route.page), main);
  if (!page) {
    mount(main, h("h1", null, "Not found"), h("p", null, "There is no such page."));
    return;
  }
  document.title = `${page.title} · Dredge`;
  if (page.admin && !isAdmin()) {
    mount(main, h("h1", null, page.title), h("p", { class: "error", role: "alert" }, "This page needs the admin role."));
    return;
  }
  try {
    await page.render(main, route);
  } catch (err) {
    if (seq !== rendering) return;
    const status = err instanceof ApiError ? ` (${err.status})` : "";
    main.append(h("p", { class: "error", role: "alert" }, `Could not load this page${status}: ${(err as Error).message}`));
  }
  if (seq === rendering) main.querySelector("h1")?.setAttribute("tabindex", "-1");
}

onSessionLost(() => {
  if (parseRoute(location.hash).page !== "login") go(`#/login?next=${encodeURIComponent(location.hash)}`);
});

window.addEventListener("hashchange", () => void render());
void restore().then(() => render());
