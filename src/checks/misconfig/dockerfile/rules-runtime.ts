/** Dockerfile rules about what ships: exposed ports, secret-named values, healthcheck, modes, .dockerignore. */
import { portHits } from "../image/rules-config.js";
import { chmodSetuid, chmodWorldWritable, looksLikeSecretValue, secretName } from "../shell.js";
import type { RuleHit } from "../types.js";
import { dockerignoreMissing } from "./dockerignore.js";
import { allInstructions, at, runCommand, shippedInstructions, substitutedArgs, type DockerfileRule } from "./stages.js";
import { parseAssignments } from "./substitute.js";

export const dfPorts: DockerfileRule = {
  id: "DRG-DF-008",
  target: "dockerfile",
  title: "Sensitive port exposed",
  severity: "HIGH",
  description: "The final stage exposes a port of a remote-administration service (SSH, Telnet, RDP, VNC, the Docker API…).",
  remediation: "Remove the EXPOSE and the service.",
  references: ["https://docs.docker.com/reference/dockerfile/#expose"],
  check: ({ dockerfile: df }) => {
    const args = substitutedArgs(df);
    return shippedInstructions(df)
      .filter((i) => i.keyword === "EXPOSE")
      .flatMap((i) => (args.get(i) ?? i.args).split(/\s+/).flatMap((spec) => portHits(spec, df.path, i.startLine)));
  },
};

export const dfSecrets: DockerfileRule = {
  id: "DRG-DF-009",
  target: "dockerfile",
  title: "Secret in ENV, ARG or LABEL",
  severity: "HIGH",
  description: "A variable or label whose name announces a secret is given a value in the Dockerfile; it ends up in the image config or history.",
  remediation: "Use build secrets (`RUN --mount=type=secret`) and runtime secrets instead.",
  references: ["https://docs.docker.com/build/building/secrets/"],
  check: ({ dockerfile: df }) => {
    const hits: RuleHit[] = [];
    for (const i of allInstructions(df)) {
      if (i.keyword !== "ENV" && i.keyword !== "ARG" && i.keyword !== "LABEL") continue;
      for (const [name, value] of parseAssignments(i.args, i.keyword === "ENV")) {
        if (secretName.test(name) && looksLikeSecretValue(value)) hits.push({ message: `${i.keyword} ${name} holds a value that looks like a secret.`, location: at(df, i) });
      }
    }
    return hits;
  },
};

export const dfHealthcheck: DockerfileRule = {
  id: "DRG-DF-010",
  target: "dockerfile",
  title: "No HEALTHCHECK",
  severity: "LOW",
  description: "The final stage defines no HEALTHCHECK.",
  remediation: "Add `HEALTHCHECK CMD …`.",
  references: ["https://docs.docker.com/reference/dockerfile/#healthcheck"],
  check: ({ dockerfile: df }) => {
    const hc = shippedInstructions(df).filter((i) => i.keyword === "HEALTHCHECK");
    const last = hc[hc.length - 1];
    if (last && !/^none$/i.test(last.args.trim())) return [];
    return [{ message: "The final stage has no HEALTHCHECK.", location: at(df, df.stages[df.stages.length - 1]!.from) }];
  },
};

export const dfSetuid: DockerfileRule = {
  id: "DRG-DF-011",
  target: "dockerfile",
  title: "chmod sets setuid/setgid",
  severity: "MEDIUM",
  description: "A RUN in a shipped stage adds a setuid or setgid bit.",
  remediation: "Do not add setuid/setgid bits; grant capabilities or run as the needed user instead.",
  references: ["https://man7.org/linux/man-pages/man1/chmod.1.html"],
  check: ({ dockerfile: df }) =>
    shippedInstructions(df)
      .filter((i) => i.keyword === "RUN" && chmodSetuid(runCommand(i)))
      .map((i) => ({ message: "chmod adds a setuid/setgid bit.", location: at(df, i) })),
};

export const dfWorldWritable: DockerfileRule = {
  id: "DRG-DF-012",
  target: "dockerfile",
  title: "chmod makes files world-writable",
  severity: "MEDIUM",
  description: "A RUN in a shipped stage makes a path outside /tmp writable by every user.",
  remediation: "Grant write access to the owning user or group only.",
  references: ["https://man7.org/linux/man-pages/man1/chmod.1.html"],
  check: ({ dockerfile: df }) =>
    shippedInstructions(df)
      .filter((i) => i.keyword === "RUN" && chmodWorldWritable(runCommand(i)))
      .map((i) => ({ message: "chmod makes a path outside /tmp world-writable.", location: at(df, i) })),
};

export const dfDockerignore: DockerfileRule = {
  id: "DRG-DF-013",
  target: "dockerfile",
  title: ".dockerignore does not exclude secrets",
  severity: "MEDIUM",
  description: "The build copies the whole context (`COPY . …`), and .dockerignore is missing or does not exclude .git, .env or key files: they end up in the image.",
  remediation: "Add `.git`, `.env*`, `*.pem`, `*.key`, `id_*` to .dockerignore.",
  references: ["https://docs.docker.com/build/concepts/context/#dockerignore-files"],
  check: ({ dockerfile: df, dockerignore }) => {
    if (dockerignore === undefined) return [];
    const copy = allInstructions(df).find((i) => (i.keyword === "COPY" || i.keyword === "ADD") && i.flags["from"] === undefined && copiesContext(i.json ?? i.args.split(/\s+/)));
    if (!copy) return [];
    const missing = dockerignoreMissing(dockerignore);
    if (missing.length === 0) return [];
    const what = dockerignore === null ? "There is no .dockerignore" : `.dockerignore does not exclude ${missing.join(", ")}`;
    return [{ message: `${what}, and ${copy.keyword} copies the whole build context.`, location: at(df, copy) }];
  },
};

function copiesContext(words: string[]): boolean {
  const srcs = words.filter((w) => w !== "" && !w.startsWith("--")).slice(0, -1);
  return srcs.some((s) => s === "." || s === "./" || s === "*" || s === "./*");
}

export { runCommand };
