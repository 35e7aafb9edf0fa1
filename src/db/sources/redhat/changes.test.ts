import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { isDredgeError } from "../../../errors.js";
import { memoryLogger } from "../../../util/log.js";
import { parseArchiveLatest, parseChangeCsv, planDelta } from "./changes.js";

const t = (iso: string): number => Date.parse(iso);

describe("Red Hat VEX index files", () => {
  it("archive_latest.txt: the name and its date at midnight UTC; anything else is a PARSE_ERROR", () => {
    assert.deepEqual(parseArchiveLatest("csaf_vex_2025-12-06.tar.zst\n"), { name: "csaf_vex_2025-12-06.tar.zst", date: t("2025-12-06T00:00:00Z") });
    for (const bad of ["", "csaf_vex.tar.zst", "csaf_vex_2025-13-45.tar.zst", "../csaf_vex_2025-12-06.tar.zst", "https://x/csaf_vex_2025-12-06.tar.zst"]) {
      assert.throws(() => parseArchiveLatest(bad), (e) => isDredgeError(e, "PARSE_ERROR"), bad);
    }
  });

  it("changes.csv: quoted or bare cells, CRLF, newest row per document; unsafe or unreadable rows skipped with one warning", () => {
    const logger = memoryLogger();
    const text = [
      `"2025/cve-2025-7195.json","2025-12-12T10:07:18+00:00"`,
      `2024/CVE-2024-0001.json,2025-12-11T09:00:00+00:00`,
      `"2024/cve-2024-0001.json","2025-12-01T09:00:00+00:00"`,
      `"../secret.json","2025-12-12T00:00:00+00:00"`,
      `"https://elsewhere.example/x.json","2025-12-12T00:00:00+00:00"`,
      `"/abs/x.json","2025-12-12T00:00:00+00:00"`,
      `"2024/cve-2024-0002.json","not a date"`,
      "",
    ].join("\r\n");
    const m = parseChangeCsv(text, "changes.csv", logger);
    assert.deepEqual([...m.entries()], [
      ["cve-2025-7195.json", { path: "2025/cve-2025-7195.json", time: t("2025-12-12T10:07:18Z") }],
      ["cve-2024-0001.json", { path: "2024/CVE-2024-0001.json", time: t("2025-12-11T09:00:00Z") }],
    ]);
    assert.deepEqual(logger.records.filter((r) => r.level === "warn").map((r) => r.fields?.rows), [4]);
  });

  it("plan: changed on or after the archive date is fetched again, unless deleted later; re-published after a deletion is kept", () => {
    const row = (path: string, iso: string): [string, { path: string; time: number }] => [path.slice(5), { path, time: t(iso) }];
    const changes = new Map([
      row("2025/cve-2025-0001.json", "2025-12-07T00:00:00Z"),
      row("2025/cve-2025-0002.json", "2025-12-06T00:00:00Z"),
      row("2025/cve-2025-0003.json", "2025-12-05T23:59:59Z"),
      row("2025/cve-2025-0004.json", "2025-12-08T00:00:00Z"),
      row("2025/cve-2025-0005.json", "2025-12-09T00:00:00Z"),
    ]);
    const deletions = new Map([
      row("2025/cve-2025-0004.json", "2025-12-08T10:00:00Z"),
      row("2025/cve-2025-0005.json", "2025-12-08T10:00:00Z"),
      row("2025/cve-2025-0006.json", "2025-12-10T00:00:00Z"),
    ]);
    const plan = planDelta(changes, deletions, t("2025-12-06T00:00:00Z"));
    assert.deepEqual([...plan.refetch.keys()].sort(), ["cve-2025-0001.json", "cve-2025-0002.json", "cve-2025-0005.json"]);
    assert.deepEqual([...plan.deleted].sort(), ["cve-2025-0004.json", "cve-2025-0006.json"]);
    assert.equal(plan.newest, t("2025-12-10T00:00:00Z"));
    assert.equal(planDelta(new Map(), new Map(), 0).newest, undefined);
  });
});
