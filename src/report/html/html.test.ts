import assert from "node:assert/strict";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { pathToFileURL } from "node:url";
import { chromium, type Browser, type Page } from "playwright-core";
import { emptyReport, hostileReport, sampleReport } from "../../../test/helpers/sample-report.js";
import { render } from "../testing.js";
import { htmlReporter } from "./index.js";

const CHROMIUM = "/usr/bin/chromium";
/** The part of a DOM table row the test reads (the project compiles without the DOM lib). */
interface Row { cells: { textContent: string | null }[] }
const args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
  "--disable-component-update", "--disable-sync"];

describe("html report", { skip: existsSync(CHROMIUM) ? false : `${CHROMIUM} is not installed (apt-get install chromium)` }, () => {
  let browser: Browser;
  let dir: string;
  const requests: string[] = [];

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), "dredge-html-"));
    browser = await chromium.launch({ executablePath: CHROMIUM, args });
  });
  after(async () => {
    await browser?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  async function open(name: string, html: string): Promise<Page> {
    const file = join(dir, name);
    writeFileSync(file, html);
    const page = await browser.newPage();
    page.on("request", (r) => { if (!r.url().startsWith("file:")) requests.push(r.url()); });
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(e.message));
    await page.goto(pathToFileURL(file).href);
    assert.deepEqual(errors, [], "no script errors");
    return page;
  }

  const visibleRows = (page: Page) => page.locator("#findings tbody tr:not([hidden])");
  const column = (page: Page, i: number) => visibleRows(page).evaluateAll((rows, n) => rows.map((r) => (r as unknown as Row).cells[n]!.textContent!.trim()), i);

  it("renders every finding, sorts by severity on click and filters by text and severity", async () => {
    const page = await open("sample.html", await render(htmlReporter, sampleReport()));
    assert.equal(await visibleRows(page).count(), 9);
    assert.equal(await page.locator("svg.chart g.bar").count(), 6);
    assert.equal(await page.locator('svg.chart g.bar[data-severity="HIGH"] text').last().textContent(), "3");
    assert.match((await page.locator("header").textContent()) ?? "", /Debian GNU\/Linux 10.*Image IDsha256:5a992077baba.*Layers6/s);

    const sevHeader = page.locator("#findings thead th", { hasText: "Severity" });
    await sevHeader.click();
    const asc = await column(page, 4);
    assert.deepEqual(asc, [...asc].sort((a, b) => rank(a) - rank(b)));
    assert.equal(asc[0], "CRITICAL");
    await sevHeader.click();
    const desc = await column(page, 4);
    assert.equal(desc[0], "LOW");
    assert.equal(await sevHeader.getAttribute("aria-sort"), "descending");

    await page.locator("#filter-text").fill("werkzeug");
    assert.deepEqual(await column(page, 3), ["CVE-2019-14806"]);
    assert.equal(await page.locator("#shown").textContent(), "1");
    await page.locator("#filter-text").fill("");
    await page.locator("#filter-severity").selectOption({ label: "HIGH and above" });
    assert.deepEqual((await column(page, 4)).sort(), ["CRITICAL", "CRITICAL", "HIGH", "HIGH", "HIGH"]);
    await page.locator("#filter-severity").selectOption({ label: "All severities" });

    await page.locator("#filter-kind").selectOption({ label: "Secrets" });
    assert.deepEqual(await column(page, 2), ["/etc/fluent/fluent.conf:12"]);
    assert.deepEqual(await column(page, 9), ["AWS Access Key ID: aws_key_id ********************"], "the masked match only");
    await page.locator("#filter-kind").selectOption({ label: "Misconfigurations" });
    assert.deepEqual((await column(page, 3)).sort(), ["DS001", "DS002"]);
    assert.ok((await column(page, 2)).includes("/srv/app/Dockerfile:1"));
    await page.locator("#filter-kind").selectOption({ label: "Licences" });
    assert.deepEqual((await column(page, 3)).sort(), ["LGPL-3.0-or-later", "MIT"]);
    await page.locator("#filter-severity").selectOption({ label: "MEDIUM and above" });
    assert.deepEqual(await column(page, 3), ["LGPL-3.0-or-later"], "kind and severity filters combine");
    assert.deepEqual(await column(page, 1), ["license"]);
    await page.locator("#filter-kind").selectOption({ label: "All kinds" });
    await page.locator("#filter-severity").selectOption({ label: "All severities" });
    assert.equal(await visibleRows(page).count(), 9);
    await page.screenshot({ path: join(dir, "sample.png"), fullPage: true });
    assert.ok(existsSync(join(dir, "sample.png")));
    await page.close();
  });

  it("shows each finding's layer (numbered from 1, short instruction), marks KEV entries and has the remediation section", async () => {
    const report = sampleReport();
    const v = report.targets.flatMap((t) => t.vulnerabilities).find((x) => x.package.layer?.index === 3)!;
    v.kev = { dateAdded: "2022-01-10", knownRansomware: true };
    report.remediation = {
      packages: [{ name: "activesupport", type: "gem", purl: v.package.purl, installed: "6.0.2.1", upgradeTo: "6.0.3.1", fixes: 1, unfixed: 2 }],
      base: { baseLayers: 1, fromBase: 1, fromTop: 4, fixableInBase: 1, advice: "1 fixable finding(s) come from the base image <debian>" },
    };
    const page = await open("layers.html", await render(htmlReporter, report));
    assert.equal(await page.locator("#findings thead th").nth(8).textContent(), "Layer");
    const row = page.locator("#findings tbody tr", { hasText: v.id });
    assert.equal(await row.locator("td").nth(8).textContent(), "4: chmod +x /tmp/install.s…");
    assert.match((await row.locator("td").nth(8).getAttribute("title")) ?? "", /install\.sh/, "the whole instruction on hover");
    assert.equal(await row.locator("td").nth(3).textContent(), `${v.id} KEV`);
    assert.match((await row.locator(".kev").getAttribute("title")) ?? "", /CISA KEV.*2022-01-10.*ransomware/);
    assert.equal(await page.locator("#findings .kev").count(), 1, "only the known-exploited one");
    const secret = page.locator("#findings tbody tr", { hasText: "aws-access-key-id" });
    assert.match((await secret.locator("td").nth(8).textContent()) ?? "", /^5: /, "secrets name their layer too");
    const advice = page.locator("#remediation li");
    assert.deepEqual(await advice.allTextContents(), ["upgrade activesupport from 6.0.2.1 to 6.0.3.1 (fixes 1, 2 without a fix)"]);
    const base = (await page.locator("#remediation").textContent()) ?? "";
    assert.ok(base.includes("1 finding(s) come from the base image's 1 layer(s), 4 from the layers added on top"), base);
    assert.ok(base.includes("come from the base image <debian>"), "advice text escaped, shown as text");
    await page.close();
    const plain = await open("no-advice.html", await render(htmlReporter, sampleReport()));
    assert.equal(await plain.locator("#remediation").count(), 0, "no section without advice");
    await plain.close();
  });

  it("shows suppressed rows only when asked", async () => {
    const page = await open("suppressed.html", await render(htmlReporter, sampleReport(), { showSuppressed: true }));
    assert.equal(await visibleRows(page).count(), 10);
    assert.equal(await page.locator("#findings tr.suppressed").count(), 1);
    await page.close();
  });

  it("escapes hostile advisory text and loads nothing from outside", async () => {
    const page = await open("hostile.html", await render(htmlReporter, hostileReport()));
    assert.equal(await page.locator("#findings b").count(), 0, "no markup injected from a title");
    assert.ok(((await page.locator("#findings").textContent()) ?? "").includes('50% <b>"bold"</b>'));
    assert.deepEqual(requests, []);
    await page.close();
  });

  it("renders an empty report", async () => {
    const page = await open("empty.html", await render(htmlReporter, emptyReport()));
    assert.equal(await visibleRows(page).count(), 0);
    assert.match((await page.locator("main").textContent()) ?? "", /No findings\./);
    await page.close();
  });
});

function rank(s: string): number {
  return ["CRITICAL", "HIGH", "MEDIUM", "LOW", "NEGLIGIBLE", "UNKNOWN"].indexOf(s);
}
