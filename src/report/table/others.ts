/** Misconfiguration, secret and licence tables of the table report. */
import type { LicenseFinding, MisconfigFinding, SecretFinding, Suppression } from "../../model/finding.js";
import { suppressionLabel } from "../common/flat.js";
import { terminalSafe } from "../common/escape.js";
import { layerCell } from "../common/layer.js";
import { makeTable, paintSeverity, type Colors } from "./style.js";

const mark = (s: Suppression | undefined) => (s ? `\n${suppressionLabel(s)}` : "");

export function misconfigTable(items: MisconfigFinding[], c: Colors, width: number): string {
  const rows = items.map((m) => {
    const where = m.location?.path ? `${m.location.path}${m.location.startLine ? `:${m.location.startLine}` : ""}` : "";
    const text = [m.title, m.message, m.remediation ? `Fix: ${m.remediation}` : "", m.references[0] ?? ""].filter(Boolean).join("\n");
    return [terminalSafe(m.id), paintSeverity(c, m.severity) + mark(m.suppressed), terminalSafe(where), terminalSafe(text)];
  });
  const cols = [{ head: "ID", max: 16 }, { head: "Severity", max: 32 }, { head: "Location", max: 40 }, { head: "Message", max: 100, flex: true }];
  return makeTable(cols, rows, width).toString();
}

export function secretTable(items: SecretFinding[], c: Colors, width: number): string {
  const rows = items.map((s) => {
    const where = `${s.path}${s.startLine ? `:${s.startLine}` : ""}${s.deletedInLaterLayer ? "\n(deleted in a later layer)" : ""}`;
    return [terminalSafe(s.ruleId), paintSeverity(c, s.severity) + mark(s.suppressed), terminalSafe(s.title), terminalSafe(where),
      terminalSafe(layerCell(s.layer)), terminalSafe(s.match)];
  });
  const cols = [{ head: "Rule", max: 24 }, { head: "Severity", max: 32 }, { head: "Title", max: 30 }, { head: "Location", max: 40 },
    { head: "Layer", max: 24 }, { head: "Match (masked)", max: 80, flex: true }];
  return makeTable(cols, rows, width).toString();
}

export function licenseTable(items: LicenseFinding[], c: Colors, width: number): string {
  const rows = items.map((l) => [
    terminalSafe(l.package ? `${l.package.name} ${l.package.version}` : (l.path ?? "")), terminalSafe(l.license), l.classification,
    paintSeverity(c, l.severity) + mark(l.suppressed), terminalSafe(licenseFile(l) ?? ""),
  ]);
  const cols = [{ head: "Package / file", max: 40 }, { head: "License", max: 40 }, { head: "Classification", max: 16 },
    { head: "Severity", max: 32 }, { head: "Path", max: 60, flex: true }];
  // OS packages have no file of their own to cite (their path is the package database): no Path column then
  const withPath = rows.some((r) => r[4] !== "");
  return makeTable(withPath ? cols : cols.slice(0, -1), withPath ? rows : rows.map((r) => r.slice(0, -1)), width).toString();
}

/**
 * The file a licence finding is about besides its package: a file's own licence, or the file of a language
 * package (its metadata, jar, lockfile). An OS package's path is the package database (dpkg status, rpmdb),
 * which says nothing about the package: none then.
 */
function licenseFile(l: LicenseFinding): string | undefined {
  if (!l.package) return undefined;
  return l.package.class === "os" ? undefined : l.package.path;
}
