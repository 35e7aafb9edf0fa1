/** Image rules over the config: user, base image pinning, exposed ports, secret-named values, healthcheck. */
import { looksLikeSecretValue, portNumbers, secretName, sensitivePorts } from "../shell.js";
import type { RuleHit } from "../types.js";
import { historyInstructions } from "./history.js";
import { CONFIG_PATH, type ImageRule } from "./types.js";

const docs = "https://docs.docker.com/reference/dockerfile/";

export const rootUser: ImageRule = {
  id: "DRG-IMG-001",
  target: "image",
  title: "Image runs as root",
  severity: "HIGH",
  description: "The image has no USER, or USER is root/0: a process that escapes or is compromised has root inside the container.",
  remediation: "Create an unprivileged user and set `USER <name or uid>` in the final stage.",
  references: [`${docs}#user`, "https://kubernetes.io/docs/concepts/security/pod-security-standards/"],
  check: ({ metadata }) => {
    const user = (metadata.config.user ?? "").trim();
    const name = user.split(":")[0] ?? "";
    if (user === "") return [{ message: "The image config sets no USER: the container runs as root.", location: { path: CONFIG_PATH } }];
    if (name === "root" || name === "0") return [{ message: `USER is ${user}: the container runs as root.`, location: { path: CONFIG_PATH } }];
    return [];
  },
};

export const baseNotPinned: ImageRule = {
  id: "DRG-IMG-002",
  target: "image",
  title: "Base image uses latest or no tag",
  severity: "MEDIUM",
  description: "The base image (org.opencontainers.image.base.name) is `latest` or has no tag: rebuilds silently pick up a different base.",
  remediation: "Build FROM a specific tag pinned by digest (`FROM image:1.2.3@sha256:…`) and let a bot update it.",
  references: ["https://github.com/opencontainers/image-spec/blob/main/annotations.md", `${docs}#from`],
  check: ({ metadata }) => {
    const name = metadata.annotations["org.opencontainers.image.base.name"];
    if (!name) return [];
    const tag = imageTag(name);
    const location = { path: CONFIG_PATH };
    if (tag === undefined && !name.includes("@")) return [{ message: `Base image ${name} has no tag (implies latest).`, location }];
    if (tag === "latest") return [{ message: `Base image ${name} uses the latest tag.`, location }];
    return [];
  },
};

export const baseTagOnly: ImageRule = {
  id: "DRG-IMG-014",
  target: "image",
  title: "Base image pinned by tag only",
  severity: "LOW",
  description: "The base image annotation names a tag but no digest (org.opencontainers.image.base.digest): tags are mutable.",
  remediation: "Build FROM `image:tag@sha256:…`.",
  references: ["https://github.com/opencontainers/image-spec/blob/main/annotations.md"],
  check: ({ metadata }) => {
    const name = metadata.annotations["org.opencontainers.image.base.name"];
    if (!name || name.includes("@")) return [];
    const tag = imageTag(name);
    if (tag === undefined || tag === "latest" || metadata.annotations["org.opencontainers.image.base.digest"]) return [];
    return [{ message: `Base image ${name} is pinned by tag only, not by digest.`, location: { path: CONFIG_PATH } }];
  },
};

/** Tag of an image reference, if any (`host:5000/repo:tag@sha256:…` → `tag`). */
export function imageTag(ref: string): string | undefined {
  const noDigest = ref.split("@")[0] ?? "";
  const lastSlash = noDigest.lastIndexOf("/");
  const colon = noDigest.indexOf(":", lastSlash + 1);
  return colon < 0 ? undefined : noDigest.slice(colon + 1);
}

export const sensitivePortExposed: ImageRule = {
  id: "DRG-IMG-008",
  target: "image",
  title: "Sensitive port exposed",
  severity: "HIGH",
  description: "The image exposes a port of a remote-administration service (SSH, Telnet, RDP, VNC, the Docker API…).",
  remediation: "Remove the EXPOSE and the service; use `docker exec`/`kubectl exec` for administration.",
  references: [`${docs}#expose`],
  check: ({ metadata }) => metadata.config.exposedPorts.flatMap((spec) => portHits(spec, CONFIG_PATH)),
};

export function portHits(spec: string, path: string, line?: number): RuleHit[] {
  return portNumbers(spec)
    .filter((p) => sensitivePorts[p] !== undefined)
    .map((p) => ({ message: `Port ${p} (${sensitivePorts[p]}) is exposed.`, location: { path, ...(line ? { startLine: line, endLine: line } : {}) } }));
}

export const secretInConfig: ImageRule = {
  id: "DRG-IMG-009",
  target: "image",
  title: "Secret in ENV, ARG or label",
  severity: "HIGH",
  description: "A variable or label whose name announces a secret has a value: it is stored in the image config and history for anyone who pulls the image.",
  remediation: "Pass secrets at run time (secret mounts, orchestrator secrets) or use `RUN --mount=type=secret` while building.",
  references: ["https://docs.docker.com/build/building/secrets/"],
  check: ({ metadata }) => {
    const hits: RuleHit[] = [];
    const location = { path: CONFIG_PATH };
    for (const kv of metadata.config.env) {
      const [name, value] = splitKv(kv);
      if (secretName.test(name) && looksLikeSecretValue(value)) hits.push({ message: `ENV ${name} holds a value that looks like a secret.`, location });
    }
    for (const [name, value] of Object.entries(metadata.config.labels)) {
      if (secretName.test(name) && looksLikeSecretValue(value)) hits.push({ message: `Label ${name} holds a value that looks like a secret.`, location });
    }
    for (const ins of historyInstructions(metadata.config.history)) {
      const args = ins.keyword === "ARG" ? [splitKv(ins.args)] : (ins.buildArgs ?? []);
      for (const [name, value] of args) {
        if (secretName.test(name) && looksLikeSecretValue(value)) hits.push({ message: `Build argument ${name} holds a value that looks like a secret (history ${ins.historyIndex}).`, location });
      }
    }
    return hits;
  },
};

export function splitKv(kv: string): [string, string] {
  const eq = kv.indexOf("=");
  return eq < 0 ? [kv.trim(), ""] : [kv.slice(0, eq).trim(), kv.slice(eq + 1).replace(/^["']|["']$/g, "")];
}

export const noHealthcheck: ImageRule = {
  id: "DRG-IMG-010",
  target: "image",
  title: "No HEALTHCHECK",
  severity: "LOW",
  description: "The image defines no HEALTHCHECK, so Docker cannot tell a hung container from a healthy one.",
  remediation: "Add `HEALTHCHECK CMD …` (orchestrators with their own probes may ignore this rule).",
  references: [`${docs}#healthcheck`],
  check: ({ metadata }) => {
    const test = metadata.config.healthcheck?.test;
    if (test && test.length > 0 && test[0] !== "NONE") return [];
    return [{ message: "The image config has no HEALTHCHECK.", location: { path: CONFIG_PATH } }];
  },
};
