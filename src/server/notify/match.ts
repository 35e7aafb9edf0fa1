/**
 * Which subscriptions hear of what: scope globs over an image's references, the minimum severity of the
 * findings that count, and the event types asked for. Pure functions (the outbox calls them per change).
 *
 * Globs: `*` any characters except `/`, `**` any characters, `?` one character except `/`; everything else
 * literal, case-sensitive except registries (host names are compared in lower case).
 */
import { severities, type Severity } from "../../model/finding.js";
import { parseReference, type ImageReference } from "../../image/reference.js";
import type { ChangedFinding, ChangeEventType, ImageChange } from "../monitor/events.js";
import type { Scope, Subscription } from "./types.js";

const globCache = new Map<string, RegExp>();

export function globToRegExp(glob: string): RegExp {
  let re = globCache.get(glob);
  if (re) return re;
  let out = "";
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i]!;
    if (c === "*" && glob[i + 1] === "*") {
      out += ".*";
      i++;
    } else if (c === "*") out += "[^/]*";
    else if (c === "?") out += "[^/]";
    else out += c.replace(/[.+^${}()|[\]\\]/g, "\\$&");
  }
  re = new RegExp(`^${out}$`, "s");
  if (globCache.size > 1000) globCache.clear();
  globCache.set(glob, re);
  return re;
}

const anyGlob = (globs: readonly string[] | undefined, value: string | undefined): boolean =>
  !globs || globs.length === 0 || (value !== undefined && globs.some((g) => globToRegExp(g).test(value)));

function parsed(references: readonly string[]): ImageReference[] {
  const out: ImageReference[] = [];
  for (const r of references) {
    try {
      out.push(parseReference(r));
    } catch {
      // a reference the grammar refuses (a local archive's name) is in no registry scope
    }
  }
  return out;
}

export const scopeIsAll = (scope: Scope | null): boolean =>
  !scope || ((scope.registries?.length ?? 0) === 0 && (scope.repositories?.length ?? 0) === 0 && (scope.tags?.length ?? 0) === 0);

/** Whether one of the references matches every dimension the scope gives; a scope of all matches even none. */
export function inScope(scope: Scope | null, references: readonly string[]): boolean {
  if (scopeIsAll(scope)) return true;
  return parsed(references).some(
    (ref) => anyGlob(scope!.registries?.map((g) => g.toLowerCase()), ref.registry.toLowerCase()) && anyGlob(scope!.repositories, ref.repository) && anyGlob(scope!.tags, ref.tag),
  );
}

/** Higher is more severe; UNKNOWN ranks lowest (as Trivy and Grype order it). */
export const severityRank = (s: Severity): number => severities.length - severities.indexOf(s);

export const atLeast = (s: Severity, min: Severity): boolean => severityRank(s) >= severityRank(min);

/** A changed finding counts when it is, or was, at or above the minimum (a downgrade from CRITICAL is news). */
const changedAtLeast = (f: ChangedFinding, min: Severity): boolean => atLeast(f.severity, min) || (f.before?.severity !== undefined && atLeast(f.before.severity, min));

/** What of one change a subscription hears: its findings at or above the minimum, and the event types that apply. */
export interface MatchedChange {
  types: ChangeEventType[];
  new: ChangedFinding[];
  resolved: ChangedFinding[];
  changed: ChangedFinding[];
}

export function matchChange(sub: Subscription, change: ImageChange): MatchedChange | undefined {
  if (!inScope(sub.scope, change.references)) return undefined;
  const wants = new Set(sub.events);
  const m: MatchedChange = {
    types: [],
    new: wants.has("vulnerability.new") ? change.new.filter((f) => atLeast(f.severity, sub.minSeverity)) : [],
    resolved: wants.has("vulnerability.resolved") ? change.resolved.filter((f) => atLeast(f.severity, sub.minSeverity)) : [],
    changed: wants.has("vulnerability.changed") ? change.changed.filter((f) => changedAtLeast(f, sub.minSeverity)) : [],
  };
  if (m.new.length > 0) m.types.push("vulnerability.new");
  if (m.resolved.length > 0) m.types.push("vulnerability.resolved");
  if (m.changed.length > 0) m.types.push("vulnerability.changed");
  const v = change.verdict;
  if (wants.has("policy.changed") && v?.before !== undefined && v.after !== undefined && v.before !== v.after) m.types.push("policy.changed");
  return m.types.length > 0 ? m : undefined;
}
