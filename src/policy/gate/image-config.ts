/** Gate `image-config`: the image config and reference — root user, `latest` tag, exposed ports, healthcheck, secrets in env. */
import { z } from "zod";
import type { ImageConfig } from "../../model/image.js";
import { anyOf, empty, patterns } from "./common.js";
import { trigger, type Gate, type Hit, type PolicySubject, type TriggerResult } from "./types.js";

const hit = (trig: string, message: string): Hit => ({ message, findingId: `image-config:${trig}` });

function withConfig(s: PolicySubject, f: (c: ImageConfig) => Hit[]): TriggerResult {
  return s.config ? { hits: f(s.config) } : { skipped: "no image config (a directory or an SBOM)" };
}

/** `USER` empty, `root`, `0`, or `root:…`/`0:…`: the container runs as root. */
export function runsAsRoot(user: string | undefined): boolean {
  const u = (user ?? "").trim().split(":")[0] ?? "";
  return u === "" || u === "root" || u === "0";
}

const ports = z.array(z.union([z.number().int().min(0).max(65535).transform(String), z.string().min(1).max(16)])).max(500);

/** `22` → `22/tcp`; `53/udp` stays. */
const portKey = (p: string): string => (p.includes("/") ? p.toLowerCase() : `${p}/tcp`);

/** Names of variables that hold credentials. Values are never reported. */
export const defaultSecretEnvNames = ["*PASSWORD*", "*PASSWD*", "*SECRET*", "*TOKEN*", "*API_KEY*", "*APIKEY*", "*PRIVATE_KEY*", "*ACCESS_KEY*", "*CREDENTIAL*"];

export const imageConfigGate: Gate = {
  name: "image-config",
  description: "the image config and the reference it was scanned as",
  triggers: {
    "root-user": trigger({
      description: "the image runs as root (no USER, or USER root/0)",
      params: empty,
      evaluate: (_p, s) => withConfig(s, (c) => (runsAsRoot(c.user) ? [hit("root-user", `runs as root (USER ${c.user ? c.user : "unset"})`)] : [])),
    }),
    "latest-tag": trigger({
      description: "the image was scanned by its `latest` tag",
      params: empty,
      evaluate: (_p, s) => ({ hits: s.image.tag === "latest" ? [hit("latest-tag", `${s.image.repository}:latest uses the latest tag`)] : [] }),
    }),
    "exposed-ports": trigger({
      description: "an exposed port in `deny`, or not in `allow` (`22`, `53/udp`)",
      params: z.strictObject({ deny: ports.optional(), allow: ports.optional() })
        .refine((p) => p.deny !== undefined || p.allow !== undefined, { error: "needs deny or allow" }),
      evaluate: (p, s) => withConfig(s, (c) => {
        const deny = new Set((p.deny ?? []).map(portKey));
        const allow = p.allow ? new Set(p.allow.map(portKey)) : undefined;
        return c.exposedPorts.map(portKey).filter((port) => deny.has(port) || (allow && !allow.has(port)))
          .map((port) => ({ ...hit("exposed-ports", `exposes port ${port}${deny.has(port) ? " (denied)" : " (not allowed)"}`), findingId: `image-config:exposed-ports:${port}` }));
      }),
    }),
    "no-healthcheck": trigger({
      description: "the image has no HEALTHCHECK (or HEALTHCHECK NONE)",
      params: empty,
      evaluate: (_p, s) => withConfig(s, (c) => (!c.healthcheck?.test?.length || c.healthcheck.test[0] === "NONE" ? [hit("no-healthcheck", "no HEALTHCHECK")] : [])),
    }),
    "secrets-in-env": trigger({
      description: "an ENV variable whose name looks like a credential (`names`: wildcards; default *PASSWORD*, *SECRET*, *TOKEN*, …) has a value",
      params: z.strictObject({ names: patterns.optional() }),
      evaluate: (p, s) => withConfig(s, (c) => {
        const m = anyOf(p.names ?? defaultSecretEnvNames);
        return c.env.flatMap((e) => {
          const i = e.indexOf("=");
          const name = i < 0 ? e : e.slice(0, i);
          return m(name) && i >= 0 && e.length > i + 1
            ? [{ ...hit("secrets-in-env", `ENV ${name} is set (its value is not shown)`), findingId: `image-config:secrets-in-env:${name}` }] : [];
        });
      }),
    }),
  },
};
