/**
 * The dashboard's files (built by scripts/build-ui.mjs into dist/ui, shipped in the package) under /ui/,
 * public like the login page they hold; `/` redirects there. Every answer of the server carries the
 * security headers; the dashboard's pages also a Content-Security-Policy that allows only its own script
 * and style files (no inline script or style, no other origin).
 */
import { existsSync, readFileSync, readdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { FastifyInstance } from "fastify";

export const UI_PREFIX = "/ui/";

export const UI_CSP =
  "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; font-src 'self'; " +
  "base-uri 'none'; form-action 'self'; frame-ancestors 'none'; object-src 'none'";

const types: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".map": "application/json; charset=utf-8",
};

/** dist/ui of the package this module belongs to (found upwards from here: src/, dist/ or dist/bundle/). */
export function defaultUiDir(from = dirname(fileURLToPath(import.meta.url))): string | undefined {
  for (let dir = from; ; dir = dirname(dir)) {
    const pkg = join(dir, "package.json");
    if (existsSync(pkg) && /"name":\s*"dredge"/.test(readFileSync(pkg, "utf8"))) {
      const ui = join(dir, "dist/ui");
      return existsSync(join(ui, "index.html")) ? ui : undefined;
    }
    if (dirname(dir) === dir) return undefined;
  }
}

/** The built files, read once: name → bytes and type. */
function loadFiles(dir: string): Map<string, { body: Buffer; type: string }> {
  const files = new Map<string, { body: Buffer; type: string }>();
  for (const name of readdirSync(dir)) {
    const ext = name.slice(name.lastIndexOf("."));
    const type = types[ext];
    if (type) files.set(name, { body: readFileSync(join(dir, name)), type });
  }
  return files;
}

export function registerSecurityHeaders(app: FastifyInstance): void {
  app.addHook("onSend", async (_req, reply, payload) => {
    void reply.header("x-content-type-options", "nosniff");
    void reply.header("referrer-policy", "no-referrer");
    void reply.header("x-frame-options", "DENY");
    void reply.header("cross-origin-opener-policy", "same-origin");
    void reply.header("cross-origin-resource-policy", "same-origin");
    return payload;
  });
}

/** Serves the dashboard from `dir` (none found: /ui/ says how to build it). */
export function registerUi(app: FastifyInstance, dir: string | undefined = defaultUiDir()): void {
  const files = dir ? loadFiles(dir) : new Map<string, { body: Buffer; type: string }>();
  app.get("/", async (_req, reply) => reply.redirect(UI_PREFIX));
  app.get("/ui", async (_req, reply) => reply.redirect(UI_PREFIX));
  app.get(`${UI_PREFIX}*`, async (req, reply) => {
    const name = (req.params as { "*": string })["*"] || "index.html";
    // Client-side routes (#/…) all load index.html; a name with a slash or dot-dot is no file of ours.
    const file = files.get(name) ?? (name.includes(".") ? undefined : files.get("index.html"));
    void reply.header("content-security-policy", UI_CSP);
    if (!file) {
      const detail = files.size === 0 ? "the dashboard is not built (npm run build)" : "no such file";
      return reply.code(404).type("text/plain; charset=utf-8").send(detail);
    }
    // index.html names the assets with a content hash: they never change, the page is always asked again.
    void reply.header("cache-control", file.type.startsWith("text/html") ? "no-cache" : "public, max-age=31536000, immutable");
    return reply.type(file.type).send(file.body);
  });
}
