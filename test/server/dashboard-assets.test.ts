/** The dashboard's built files: small (≤ 150 KB of gzipped script on first load), self-contained (no other origin), CSP-clean (no inline script or style). */
import assert from "node:assert/strict";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { describe, it } from "node:test";
import { buildUi } from "../../scripts/build-ui.mjs";
import { defaultUiDir } from "../../src/server/http/ui.js";

describe("dashboard assets", () => {
  it("builds a small, self-contained, CSP-clean page", async () => {
    const dir = await mkdtemp(join(tmpdir(), "dredge-ui-"));
    try {
      const { script, style } = await buildUi(dir);
      const html = await readFile(join(dir, "index.html"), "utf8");
      const js = await readFile(join(dir, script));
      assert.ok(gzipSync(js).length <= 150 * 1024, `${gzipSync(js).length} bytes of gzipped script`);
      // Every script is a file of its own: the page works under script-src 'self'.
      const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)];
      assert.deepEqual(scripts.map((m) => [m[1]!.trim(), m[2]]), [[`type="module" src="/ui/${script}"`, ""]]);
      assert.doesNotMatch(html, /<style|\sstyle=|\son\w+=/i, "no inline style or handler");
      assert.match(html, new RegExp(`<link rel="stylesheet" href="/ui/${style}">`));
      for (const text of [html, js.toString("utf8"), await readFile(join(dir, style), "utf8")]) {
        assert.doesNotMatch(text, /(src|href)=["']?(https?:)?\/\/|@import|url\(["']?https?:/i, "nothing from another origin");
      }
      assert.doesNotMatch(js.toString("utf8"), /innerHTML|outerHTML|insertAdjacentHTML|document\.write/, "text is never parsed as HTML");
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("finds dist/ui of its package from src/, dist/ and dist/bundle/", async () => {
    const root = await mkdtemp(join(tmpdir(), "dredge-pkg-"));
    try {
      await writeFile(join(root, "package.json"), JSON.stringify({ name: "dredge" }));
      await mkdir(join(root, "dist/bundle"), { recursive: true });
      assert.equal(defaultUiDir(join(root, "dist/bundle")), undefined, "not built: none");
      await mkdir(join(root, "dist/ui"));
      await writeFile(join(root, "dist/ui/index.html"), "<!doctype html>");
      for (const from of ["dist/bundle", "dist/server/http", "src/server/http"]) assert.equal(defaultUiDir(join(root, from)), join(root, "dist/ui"), from);
      const pkg = JSON.parse(await readFile(join(import.meta.dirname, "../../package.json"), "utf8")) as { files: string[]; scripts: { build: string } };
      assert.ok(pkg.files.includes("dist") && pkg.scripts.build.includes("scripts/build-ui.mjs"), "npm run build makes dist/ui, and the package ships dist");
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });
});
