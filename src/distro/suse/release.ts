/** SUSE releases: /etc/SuSE-release (SLES 11/12, openSUSE ≤ 42) and OSV's `SUSE:Linux Enterprise Server 15 SP5`. */
import { firstLine, parseKeyValues } from "../os-release.js";
import type { ReleaseFacts } from "../types.js";

/** First line + VERSION / PATCHLEVEL: `12` patch level `5` → `12.5`. */
export function parseSuseRelease(text: string): ReleaseFacts | undefined {
  const line = firstLine(text);
  const kv = parseKeyValues(text);
  const version = kv.get("VERSION");
  if (!version) return undefined;
  const patch = kv.get("PATCHLEVEL");
  if (/openSUSE/i.test(line)) return { family: "opensuse-leap", name: version, prettyName: line };
  if (/SUSE Linux Enterprise/i.test(line)) {
    const name = patch && patch !== "0" ? `${version}.${patch}` : version;
    return { family: "sles", name, prettyName: line };
  }
  return undefined;
}

/** `Linux Enterprise Server 15 SP5` → `15.5`; `Leap 15.5` → `15.5`; otherwise the text, lower case. */
export function suseOsvRelease(text: string): { release: string } {
  const sp = /(\d+)\s+SP(\d+)/i.exec(text);
  if (sp) return { release: `${sp[1]}.${sp[2]}` };
  const num = /(\d+(?:\.\d+)?)/.exec(text);
  return { release: num?.[1] ?? text.toLowerCase() };
}

/** OSV's openSUSE ecosystems: `Leap 15.5` → `15.5`, `Tumbleweed` → `tumbleweed`; Leap Micro has no namespace. */
export function opensuseOsvRelease(text: string): { release: string } | undefined {
  return /Leap Micro/i.test(text) ? undefined : suseOsvRelease(text);
}

/** OSV's SUSE ecosystems: SLE Micro (`SUSE:Linux Enterprise Micro 5.3`) has its own namespace; Leap Micro none. */
export function suseOsvEcosystemRelease(text: string): { release: string; prefix?: string } | undefined {
  if (/Leap Micro/i.test(text)) return undefined;
  const r = suseOsvRelease(text);
  return /\bMicro\b/i.test(text) ? { release: r.release, prefix: "sle-micro" } : r;
}

/**
 * A SUSE CSAF product name → namespace: `SUSE Linux Enterprise Server 15 SP5-LTSS`, `… for SAP Applications
 * 15 SP5`, `… Module for Basesystem 15 SP5` → `sles:15.5` (the modules and variants are installed on SLES
 * and share its packages); `SUSE Linux Enterprise Micro 5.4` / `SUSE Linux Micro 6.0` → `sle-micro:5.4`;
 * `openSUSE Leap 15.5` → `opensuse:15.5`; `openSUSE Tumbleweed` → `opensuse:tumbleweed`. Other products
 * (Leap Micro, SUSE Manager, CaaS, Package Hub, OpenStack…) → undefined.
 */
export function suseProductNamespace(product: string): string | undefined {
  const p = product.trim();
  const micro = /^SUSE Linux (?:Enterprise )?Micro (\d+\.\d+)\b/.exec(p);
  if (micro) return `sle-micro:${micro[1]}`;
  if (/^openSUSE Tumbleweed\b/.test(p)) return "opensuse:tumbleweed";
  const leap = /^openSUSE Leap (\d+\.\d+)\b/.exec(p);
  if (leap) return `opensuse:${leap[1]}`;
  const sle = /^SUSE Linux Enterprise (?:Server|Desktop|Server for SAP Applications|High Performance Computing|Real Time|Module for [A-Za-z0-9 &-]+?) (1\d)(?: SP(\d+))?(?:[- ]|$)/.exec(p);
  if (sle) return sle[2] && sle[2] !== "0" ? `sles:${sle[1]}.${sle[2]}` : `sles:${sle[1]}`;
  return undefined;
}
