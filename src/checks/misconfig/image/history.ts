/**
 * The Dockerfile reconstructed from an image's history: each `created_by` becomes an instruction
 * (classic builder `/bin/sh -c #(nop) USER x`, `|2 A=1 B=2 /bin/sh -c cmd`, BuildKit `RUN /bin/sh -c cmd # buildkit`).
 */
import type { HistoryEntry } from "../../../model/image.js";

export interface HistoryInstruction {
  keyword: string;
  args: string;
  historyIndex: number;
  /** Build arguments recorded before a RUN (`|2 A=1 B=2 /bin/sh -c …`). */
  buildArgs?: [string, string][];
  /** The layer this entry produced (undefined for empty-layer entries). */
  layerIndex?: number;
}

const keywords = new Set(["RUN", "ADD", "COPY", "ENV", "ARG", "USER", "EXPOSE", "LABEL", "HEALTHCHECK", "WORKDIR", "CMD", "ENTRYPOINT", "VOLUME", "SHELL", "STOPSIGNAL", "ONBUILD", "MAINTAINER"]);

export function historyInstructions(history: readonly HistoryEntry[]): HistoryInstruction[] {
  const out: HistoryInstruction[] = [];
  let layer = 0;
  history.forEach((h, i) => {
    const layerIndex = h.emptyLayer ? undefined : layer++;
    if (!h.createdBy) return;
    const ins = parseCreatedBy(h.createdBy);
    if (!ins) return;
    const args = buildArgs(h.createdBy);
    out.push({ ...ins, historyIndex: i, ...(args.length > 0 ? { buildArgs: args } : {}), ...(layerIndex === undefined ? {} : { layerIndex }) });
  });
  return out;
}

export function parseCreatedBy(createdBy: string): { keyword: string; args: string } | undefined {
  let s = createdBy.trim().replace(/\s+# buildkit$/, "");
  const nop = /^\/bin\/sh -c #\(nop\)\s*(.*)$/s.exec(s);
  if (nop) s = nop[1] ?? "";
  else {
    const shell = /^(?:\|\d+\s+(?:\S+=\S*\s+)*)?\/bin\/(?:ba)?sh -c (.*)$/s.exec(s);
    if (shell) return { keyword: "RUN", args: shell[1] ?? "" };
  }
  const m = /^([A-Z]+)\s*(.*)$/s.exec(s);
  if (m && keywords.has(m[1]!)) {
    let args = m[2] ?? "";
    if (m[1] === "RUN") args = args.replace(/^(?:\|\d+\s+(?:\S+=\S*\s+)*)?\/bin\/(?:ba)?sh -c /s, "");
    return { keyword: m[1]!, args };
  }
  return s ? { keyword: "RUN", args: s } : undefined;
}

/** `|2 A=1 B=two /bin/sh -c …` (classic) or `RUN |1 A=1 /bin/sh -c …` (BuildKit) → [[A, 1], [B, two]]. */
export function buildArgs(createdBy: string): [string, string][] {
  const m = /^(?:RUN\s+)?\|\d+\s+((?:[A-Za-z_][A-Za-z0-9_]*=\S*\s+)+)\/bin\/(?:ba)?sh -c /.exec(createdBy.trim());
  if (!m) return [];
  return (m[1] ?? "").trim().split(/\s+/).map((kv) => {
    const eq = kv.indexOf("=");
    return [kv.slice(0, eq), kv.slice(eq + 1)] as [string, string];
  });
}
