/**
 * The dashboard end to end in headless Chromium (Debian's chromium, driven by playwright-core) against a
 * server on SQLite seeded with the test images (scanned through the API) and generated history: every page
 * loads without console errors, the trend chart shows the seeded points, a CVE drills down to the layer that
 * introduced it by clicks, compare shows the known differences, a reader cannot reach admin actions (the UI
 * hides them and the server refuses them). Screenshots of each page go to .tmp/screenshots/dashboard/.
 */
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { after, describe, it } from "node:test";
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";
import { buildUi } from "../../scripts/build-ui.mjs";
import { testImages } from "../helpers/images.js";
import { sqliteDatabase } from "./adapters.js";
import { seedBuilds, seedHistory } from "./dashboard-seed.js";
import { api, fixtureDatabase, startTestServer, waitForScan, type Api } from "./harness.js";

const CHROMIUM = "/usr/bin/chromium";
const shots = resolve(import.meta.dirname, "../../.tmp/screenshots/dashboard");

after(async () => rm((await fixtureDatabase()).dir, { recursive: true, force: true }));

type Vuln = { id: string; package: { name: string; layer?: { index: number } } };

async function getJson<T>(call: Api, path: string): Promise<T> {
  const r = await call("GET", path);
  assert.equal(r.status, 200, `${path}: ${await r.clone().text()}`);
  return (await r.json()) as T;
}

/** Console errors and page errors, except failed loads of the URLs a step expects to fail. */
function watch(page: Page, errors: string[], expectedFailures: RegExp[]) {
  page.on("pageerror", (e) => errors.push(`pageerror: ${e.message}`));
  page.on("console", (m) => {
    if (m.type() !== "error") return;
    if (/Failed to load resource/.test(m.text()) && expectedFailures.some((re) => re.test(m.location().url))) return;
    errors.push(`console: ${m.text()} (${m.location().url})`);
  });
}

async function shot(page: Page, name: string) {
  await page.screenshot({ path: join(shots, `${name}.png`), fullPage: true });
}

async function login(context: BrowserContext, url: string, token: string): Promise<Page> {
  const page = await context.newPage();
  await page.goto(`${url}/ui/`);
  // Keyboard only: the token field has the focus; Enter submits.
  await page.waitForSelector("#token:focus");
  await page.keyboard.type(token);
  await page.keyboard.press("Enter");
  await page.waitForSelector("nav[aria-label=Main]");
  return page;
}

/** Goes to a dashboard address and waits until the page has rendered its heading (and nothing is loading). */
async function open(page: Page, url: string, hash: string) {
  await page.goto(`${url}/ui/${hash}`);
  await page.waitForSelector("main h1");
  await page.locator("main [role=status].muted").waitFor({ state: "detached" });
}

describe("dashboard in Chromium", { skip: existsSync(CHROMIUM) ? false : `${CHROMIUM} is not installed` }, () => {
  it("every page, the trend, drill-down to the layer, compare, reader limits", async () => {
    const images = testImages();
    const t = await sqliteDatabase();
    const uiDir = await mkdtemp(join(tmpdir(), "dredge-ui-"));
    await buildUi(uiDir);
    await mkdir(shots, { recursive: true });
    const server = await startTestServer(t.url, { workers: 2, uiDir });
    let browser: Browser | undefined;
    try {
      const adminToken = await server.token("admin");
      const readerToken = await server.token("reader");
      const admin = api(server.url, adminToken);
      const scanned: string[] = [];
      for (const reference of [images.ociArchive, images.rpmDockerArchive]) {
        const { scanId } = (await (await admin("POST", "/images", { reference })).json()) as { scanId: string };
        const scan = await waitForScan(admin, scanId);
        assert.equal(scan.state, "done", scan.error ?? "");
        scanned.push(scan.digest!);
      }
      const [bookworm, rocky] = scanned as [string, string];
      while (!(await getJson<{ complete: boolean }>(admin, "/images")).complete) await new Promise((r) => setTimeout(r, 100));
      const seeded = await seedHistory(server.db, scanned);
      const policy = "version: 1\nrules:\n  - { id: no-critical, gate: vulnerabilities, trigger: severity, params: { min: CRITICAL }, action: STOP }\n  - { id: fixable, gate: vulnerabilities, trigger: fix-available, action: WARN }\n";
      assert.equal((await admin("POST", "/policies", { name: "baseline", document: policy, active: true })).status, 201);

      const bookwormVulns = (await getJson<{ vulnerabilities: Vuln[] }>(admin, `/images/${bookworm}/vulnerabilities`)).vulnerabilities;
      const rockyVulns = (await getJson<{ vulnerabilities: Vuln[] }>(admin, `/images/${rocky}/vulnerabilities`)).vulnerabilities;
      const target = bookwormVulns.find((v) => v.package.layer !== undefined)!;
      assert.ok(target, "a finding of bookworm with its layer");
      const layerIndex = target.package.layer!.index;
      const layers = (await getJson<{ layers: { index: number; createdBy?: string }[] }>(admin, `/images/${bookworm}`)).layers;
      const instruction = layers.find((l) => l.index === layerIndex)!.createdBy ?? "(no history entry)";

      browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ["--no-sandbox"] });
      const errors: string[] = [];
      const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
      const loginPage = await context.newPage();
      watch(loginPage, errors, []);
      await loginPage.goto(`${server.url}/ui/`);
      await loginPage.waitForSelector("#token");
      await shot(loginPage, "login");
      await loginPage.close();

      const page = await login(context, server.url, adminToken);
      watch(page, errors, [/\/api\/v1\/subscriptions/]);
      const cookies = await context.cookies();
      assert.deepEqual(cookies.map((c) => [c.name, c.httpOnly, c.sameSite]), [["dredge_session", true, "Strict"]]);
      assert.ok(!page.url().includes(adminToken), "no token in the URL");

      // Overview: the trend chart has the seeded points.
      await open(page, server.url, "#/overview");
      for (const p of seeded) {
        for (const series of ["critical", "high", "kev"] as const) {
          const circle = page.locator(`[data-testid=trend-chart] circle[data-series=${series}][data-at="${p.at}"]`);
          assert.equal(await circle.getAttribute("data-value"), String(p[series]), `${series} at ${p.dbVersion}`);
        }
      }
      const labels = await page.locator("[data-testid=trend-chart] text.axis").allTextContents();
      for (const b of seedBuilds) assert.ok(labels.includes(new Date(b.at).toISOString().slice(0, 10)), `label of ${b.dbVersion}`);
      await page.locator("details summary", { hasText: "Trend data" }).click();
      const trendRows = await page.locator("[data-testid=trend-table] tbody tr").allTextContents();
      for (const p of seeded) assert.ok(trendRows.some((r) => r.includes(p.dbVersion) && r.includes(String(p.medium))), p.dbVersion);
      assert.match(await page.locator("[data-testid=verdicts]").textContent() ?? "", /GO|WARN|STOP/);
      await shot(page, "overview");

      // Images: both, sorted by risk; filters.
      await open(page, server.url, "#/images");
      assert.equal(await page.locator("[data-testid=images-table] tbody tr").count(), 2);
      await shot(page, "images");
      await page.locator("select[name=severity]").selectOption("CRITICAL");
      await page.locator("form[role=search] button[type=submit]").click();
      await page.waitForURL(/severity=CRITICAL/);
      // The verdict filter is the server's: the page asks GET /images?verdict=… and lists what it answers.
      type Listed = { items: { digest: string; verdict: string | null }[]; verdictsComplete: boolean };
      while (!(await getJson<Listed>(admin, "/images?verdict=unknown")).verdictsComplete) await new Promise((r) => setTimeout(r, 100));
      const verdict = (await getJson<{ finalAction: string }>(admin, `/images/${bookworm}/check`)).finalAction;
      const expected = (await getJson<Listed>(admin, `/images?verdict=${verdict}&sort=risk`)).items;
      assert.ok(expected.some((i) => i.digest === bookworm));
      await open(page, server.url, "#/images");
      await page.locator("select[name=verdict]").selectOption(verdict);
      const asked = page.waitForRequest((r) => /\/api\/v1\/images\?/.test(r.url()) && new URL(r.url()).searchParams.get("verdict") === verdict);
      await page.locator("form[role=search] button[type=submit]").click();
      await asked;
      await page.waitForURL(new RegExp(`verdict=${verdict}`));
      await page.locator("main [role=status].muted").waitFor({ state: "detached" });
      const rows = page.locator("[data-testid=images-table] tbody tr");
      assert.equal(await rows.count(), expected.length);
      for (const text of await rows.allTextContents()) assert.ok(text.includes(verdict), text);
      await shot(page, "images-verdict");

      // Drill-down by clicks: the CVE → its image → the layer that introduced it.
      await open(page, server.url, `#/vulnerability/${encodeURIComponent(target.id)}`);
      await page.waitForSelector("[data-testid=vuln-details]");
      await shot(page, "vulnerability");
      await page.locator("[data-testid=vuln-image]").first().click();
      await page.waitForSelector("[data-testid=vulns-table]");
      const row = page.locator("[data-testid=vulns-table] tbody tr", { hasText: target.id }).filter({ hasText: target.package.name }).first();
      await row.getByRole("link", { name: `Layer ${layerIndex}` }).click();
      const layer = page.locator(`[data-testid=layer-${layerIndex}]`);
      await layer.waitFor();
      assert.equal(await layer.getAttribute("open"), "");
      assert.equal((await layer.locator("[data-testid=instruction]").textContent())?.trim(), instruction.trim());
      assert.ok((await layer.locator("table").textContent())!.includes(target.id));
      assert.match(await page.locator("p.highlight").textContent() ?? "", new RegExp(`${target.id} was introduced by this layer`));
      await shot(page, "image-layers");

      // Every tab of the image page.
      for (const tab of ["vulnerabilities", "packages", "remediation", "policy", "history", "downloads"]) {
        await open(page, server.url, `#/image/${encodeURIComponent(bookworm)}?tab=${tab}`);
        await page.waitForSelector("[role=tabpanel] > *");
        await shot(page, `image-${tab}`);
      }
      const reportFormats = await page.locator("[data-testid=report-downloads] a").allTextContents();
      assert.ok(reportFormats.includes("sarif") && reportFormats.includes("json"), reportFormats.join());
      assert.deepEqual(await page.locator("[data-testid=sbom-downloads] a").allTextContents(), ["cyclonedx", "spdx-json"]);
      const sbom = await page.evaluate(async (href) => (await fetch(href)).json(), (await page.locator("[data-testid=sbom-downloads] a").first().getAttribute("href"))!);
      assert.equal((sbom as { bomFormat: string }).bomFormat, "CycloneDX", "downloads work with the session cookie");
      await open(page, server.url, `#/image/${encodeURIComponent(bookworm)}?tab=history`);
      assert.equal(await page.locator("[data-testid=scans-table] tbody tr").count(), 1);

      // Compare: bookworm → rocky: the dpkg packages go, the rpm packages come, bookworm's findings go.
      await open(page, server.url, "#/compare");
      await page.locator("select[name=a]").selectOption(bookworm);
      await page.locator("select[name=b]").selectOption(rocky);
      await page.getByRole("button", { name: "Compare" }).click();
      await page.waitForSelector("[data-testid=compare-summary]");
      const removedPkgs = await page.locator("[data-testid=packages-removed] tbody").textContent();
      const addedPkgs = await page.locator("[data-testid=packages-added] tbody").textContent();
      assert.ok(removedPkgs!.includes(images.expected.bookworm.dpkg[0]!.name));
      assert.ok(addedPkgs!.includes(images.expected["rocky9-rpm"].rpm[0]!.name));
      const rockyIds = new Set(rockyVulns.map((v) => `${v.id}|${v.package.name}`));
      const gone = bookwormVulns.filter((v) => !rockyIds.has(`${v.id}|${v.package.name}`));
      assert.equal(await page.locator("[data-testid=vulns-removed] tbody tr").count(), Math.max(gone.length, 1));
      assert.ok((await page.locator("[data-testid=vulns-removed] tbody").textContent())!.includes(target.id));
      await shot(page, "compare");

      // Policies: admin sees the editor and tries the policy on an image.
      await open(page, server.url, "#/policies");
      await page.locator("[data-testid=policies-table] a").first().click();
      await page.waitForSelector("[data-testid=policy-document]");
      await page.locator("select[name=image]").selectOption(bookworm);
      await page.getByRole("button", { name: "Test", exact: true }).click();
      await page.waitForSelector("[data-testid=policy-test-result] table");
      assert.match(await page.locator("[data-testid=policy-test-result]").textContent() ?? "", /no-critical/);
      await shot(page, "policies");

      // Subscriptions: not on this server yet (404) — said so.
      await open(page, server.url, "#/subscriptions");
      await page.waitForSelector("[data-testid=not-available], [data-testid=subscriptions]");
      await shot(page, "subscriptions");

      // Tokens: create one; its secret is shown once.
      await open(page, server.url, "#/tokens");
      await page.locator("input[name=name]").fill("from-the-dashboard");
      await page.getByRole("button", { name: "Create token" }).click();
      await page.waitForSelector("[data-testid=new-token]");
      assert.match((await page.locator("[data-testid=new-token]").textContent())!, /^dredge_/);
      assert.ok((await page.locator("[data-testid=tokens-table]").textContent())!.includes("from-the-dashboard"));
      await shot(page, "tokens");

      // Logout ends the session.
      const cookie = `dredge_session=${(await context.cookies())[0]!.value}`;
      assert.equal((await fetch(`${server.url}/api/v1/images`, { headers: { cookie } })).status, 200);
      await page.getByRole("button", { name: "Log out" }).click();
      await page.waitForSelector("#token");
      assert.equal((await fetch(`${server.url}/api/v1/images`, { headers: { cookie } })).status, 401);
      assert.deepEqual(await context.cookies(), [], "the cookie is cleared");
      assert.deepEqual(errors, [], "no console errors on any page");

      // A reader: no admin actions in the UI, and the server refuses them.
      const readerContext = await browser.newContext({ viewport: { width: 1280, height: 900 } });
      const readerErrors: string[] = [];
      const rp = await login(readerContext, server.url, readerToken);
      watch(rp, readerErrors, [/\/api\/v1\/(tokens|policies)/]);
      assert.equal(await rp.locator("nav[aria-label=Main] a", { hasText: "Tokens" }).count(), 0);
      await open(rp, server.url, "#/tokens");
      assert.match((await rp.locator("main [role=alert]").textContent())!, /admin role/);
      await open(rp, server.url, "#/policies");
      assert.equal(await rp.locator("[data-testid=admin-actions]").count(), 0);
      assert.equal(await rp.locator("[data-testid=policy-editor]").count(), 0);
      // As a script of the page (a function would be rewritten by the test's transpiler).
      const refused = await rp.evaluate(`(async () => {
        const { csrf } = await (await fetch("/api/v1/session")).json();
        const post = (path, body) => fetch(path, { method: "POST", headers: { "content-type": "application/json", "x-csrf-token": csrf }, body: JSON.stringify(body) });
        return [(await fetch("/api/v1/tokens")).status, (await post("/api/v1/tokens", { role: "admin" })).status, (await post("/api/v1/policies", { name: "x", document: "version: 1\\nrules: []\\n" })).status];
      })()`);
      assert.deepEqual(refused, [403, 403, 403]);
      assert.deepEqual(readerErrors, []);
      await readerContext.close();
    } finally {
      await browser?.close();
      await server.dispose();
      await t.drop();
      await rm(uiDir, { recursive: true, force: true });
    }
  });
});
