/** Dockerfile rules about how the image is built: user, base image, downloads, caches, build tools, sudo. */
import { imageTag } from "../image/rules-config.js";
import { buildToolsInstalled, cachesLeft, pipeToShell, sudoInstalled } from "../shell.js";
import type { RuleHit } from "../types.js";
import { allInstructions, at, runCommand, shippedInstructions, shippingStages, stageByRef, substitutedArgs, type DockerfileRule } from "./stages.js";

const docs = "https://docs.docker.com/reference/dockerfile/";

export const dfRootUser: DockerfileRule = {
  id: "DRG-DF-001",
  target: "dockerfile",
  title: "Final stage runs as root",
  severity: "HIGH",
  description: "The final stage (and the stages it builds on) sets no USER, or the last USER is root/0.",
  remediation: "Add `USER <non-root user or uid>` after the steps that need root in the final stage.",
  references: [`${docs}#user`],
  check: ({ dockerfile: df }) => {
    const users = shippedInstructions(df).filter((i) => i.keyword === "USER");
    const last = users[users.length - 1];
    const final = df.stages[df.stages.length - 1]!;
    if (!last) return [{ message: "No USER in the final stage: the container runs as root.", location: at(df, final.from) }];
    const user = substitutedArgs(df).get(last) ?? last.args;
    const name = user.split(":")[0]?.trim();
    const shown = user === last.args ? user : `${last.args} (= ${user})`;
    return name === "root" || name === "0" || name === "" ? [{ message: `USER ${shown}: the container runs as root.`, location: at(df, last) }] : [];
  },
};

export const dfLatestBase: DockerfileRule = {
  id: "DRG-DF-002",
  target: "dockerfile",
  title: "Base image uses latest or no tag",
  severity: "MEDIUM",
  description: "FROM without a tag or with `latest` builds on whatever the registry serves that day.",
  remediation: "Use a specific version tag, ideally pinned by digest.",
  references: [`${docs}#from`],
  check: ({ dockerfile: df }) =>
    externalBases(df).flatMap(({ base, from }) => {
      const tag = imageTag(base);
      if (base.includes("@")) return [];
      if (tag === undefined) return [{ message: `FROM ${base} has no tag (implies latest).`, location: at(df, from) }];
      return tag === "latest" ? [{ message: `FROM ${base} uses the latest tag.`, location: at(df, from) }] : [];
    }),
};

export const dfTagOnly: DockerfileRule = {
  id: "DRG-DF-014",
  target: "dockerfile",
  title: "Base image pinned by tag only",
  severity: "LOW",
  description: "Tags are mutable: the same FROM can build on different images over time.",
  remediation: "Pin the base by digest (`FROM image:tag@sha256:…`) and update it with a bot.",
  references: [`${docs}#from`],
  check: ({ dockerfile: df }) =>
    externalBases(df)
      .filter(({ base }) => !base.includes("@") && imageTag(base) !== undefined && imageTag(base) !== "latest")
      .map(({ base, from }) => ({ message: `FROM ${base} is not pinned by digest.`, location: at(df, from) })),
};

function externalBases(df: Parameters<DockerfileRule["check"]>[0]["dockerfile"]) {
  return df.stages.filter((s) => s.base.toLowerCase() !== "scratch" && !stageByRef(df, s.base, s.index) && !s.base.includes("$"));
}

export const dfRemoteAdd: DockerfileRule = {
  id: "DRG-DF-003",
  target: "dockerfile",
  title: "ADD of a remote URL",
  severity: "MEDIUM",
  description: "ADD downloads a URL at build time without verifying it; the content can change between builds.",
  remediation: "Use `ADD --checksum=sha256:…` or download with curl and verify a checksum.",
  references: [`${docs}#add`],
  check: ({ dockerfile: df }) =>
    allInstructions(df)
      .filter((i) => i.keyword === "ADD" && i.flags["checksum"] === undefined && /(?:^|[\s"[])https?:\/\//.test(i.args))
      .map((i) => ({ message: `ADD ${i.args.slice(0, 200)}`, location: at(df, i) })),
};

export const dfPipeShell: DockerfileRule = {
  id: "DRG-DF-004",
  target: "dockerfile",
  title: "Download piped into a shell",
  severity: "MEDIUM",
  description: "A RUN pipes curl or wget output into a shell: whatever the server returns runs unverified.",
  remediation: "Download to a file, verify its checksum or signature, then run it.",
  references: ["https://docs.docker.com/build/building/best-practices/#using-pipes"],
  check: ({ dockerfile: df }) =>
    allInstructions(df)
      .filter((i) => i.keyword === "RUN" && pipeToShell.test(runCommand(i)))
      .map((i) => ({ message: "A download is piped into a shell.", location: at(df, i) })),
};

export const dfCaches: DockerfileRule = {
  id: "DRG-DF-005",
  target: "dockerfile",
  title: "Package manager cache left in the image",
  severity: "LOW",
  description: "A RUN in a shipped stage installs packages without cleaning the package manager's cache in the same step.",
  remediation: "Clean in the same RUN: `rm -rf /var/lib/apt/lists/*`, `apk add --no-cache`, `pip install --no-cache-dir`, `npm cache clean --force`.",
  references: ["https://docs.docker.com/build/building/best-practices/#apt-get"],
  check: ({ dockerfile: df }) =>
    shippedInstructions(df)
      .filter((i) => i.keyword === "RUN" && !/type=cache/.test(i.flags["mount"] ?? ""))
      .flatMap((i) => cachesLeft(runCommand(i)).map((c) => ({ message: `${c} left behind.`, location: at(df, i) }))),
};

export const dfBuildTools: DockerfileRule = {
  id: "DRG-DF-006",
  target: "dockerfile",
  title: "Compilers or build tools in the final image",
  severity: "LOW",
  description: "The final stage installs compilers or build tools.",
  remediation: "Build in an earlier stage and COPY --from it only the artefacts.",
  references: ["https://docs.docker.com/build/building/multi-stage/"],
  check: ({ dockerfile: df }) =>
    shippedInstructions(df).flatMap((i): RuleHit[] => {
      if (i.keyword !== "RUN") return [];
      const tools = buildToolsInstalled(runCommand(i));
      return tools.length > 0 ? [{ message: `Installs ${tools.join(", ")} in a shipped stage.`, location: at(df, i) }] : [];
    }),
};

export const dfSudo: DockerfileRule = {
  id: "DRG-DF-007",
  target: "dockerfile",
  title: "sudo installed or used",
  severity: "MEDIUM",
  description: "sudo in a container is a privilege-escalation path and is never needed.",
  remediation: "Run privileged steps before USER; do not install sudo.",
  references: ["https://docs.docker.com/build/building/best-practices/#user"],
  check: ({ dockerfile: df }) =>
    shippedInstructions(df)
      .filter((i) => i.keyword === "RUN" && (sudoInstalled(runCommand(i)) || /(?:^|[;&|]\s*)sudo\s/.test(runCommand(i))))
      .map((i) => ({ message: "sudo is installed or used.", location: at(df, i) })),
};

export { shippingStages };
