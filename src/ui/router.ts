/** Hash routes: `#/page/arg?query` (nothing secret in them: no token ever appears in a URL). */
export interface Route {
  /** The first path segment after `#/`. */
  page: string;
  /** The rest of the path, decoded. */
  arg: string;
  query: URLSearchParams;
}

export function parseRoute(hash: string): Route {
  const [path = "", q = ""] = hash.replace(/^#\/?/, "").split("?", 2);
  const slash = path.indexOf("/");
  const page = (slash < 0 ? path : path.slice(0, slash)) || "overview";
  const arg = slash < 0 ? "" : decodeURIComponent(path.slice(slash + 1));
  return { page, arg, query: new URLSearchParams(q) };
}

/** Shows `hash` (rendering again when it is the current one). */
export function go(hash: string): void {
  if (location.hash === hash) window.dispatchEvent(new HashChangeEvent("hashchange"));
  else location.hash = hash;
}
