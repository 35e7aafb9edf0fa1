/** Image rules over the history (the reconstructed Dockerfile): remote ADD, download piped into a shell. */
import { pipeToShell } from "../shell.js";
import { historyInstructions } from "./history.js";
import { CONFIG_PATH, layerOrigin, type ImageRule } from "./types.js";

export const remoteAdd: ImageRule = {
  id: "DRG-IMG-003",
  target: "image",
  title: "ADD of a remote URL",
  severity: "MEDIUM",
  description: "ADD downloads a URL at build time without verifying it; the content can change between builds.",
  remediation: "Download with curl/wget and verify a checksum, or use `ADD --checksum=sha256:…`.",
  references: ["https://docs.docker.com/reference/dockerfile/#add"],
  check: (input) =>
    historyInstructions(input.metadata.config.history)
      .filter((i) => i.keyword === "ADD" && /(?:^|\s)https?:\/\//.test(i.args) && !/--checksum=/.test(i.args))
      .map((i) => ({
        message: `History ${i.historyIndex}: ADD ${i.args.slice(0, 200)}`,
        location: { path: CONFIG_PATH, ...optLayer(input, i.layerIndex) },
      })),
};

export const curlPipeShell: ImageRule = {
  id: "DRG-IMG-004",
  target: "image",
  title: "Download piped into a shell",
  severity: "MEDIUM",
  description: "A RUN step pipes curl or wget output into a shell: whatever the server returns runs unverified.",
  remediation: "Download to a file, verify its checksum or signature, then run it.",
  references: ["https://docs.docker.com/build/building/best-practices/#using-pipes"],
  check: (input) =>
    historyInstructions(input.metadata.config.history)
      .filter((i) => i.keyword === "RUN" && pipeToShell.test(i.args))
      .map((i) => ({
        message: `History ${i.historyIndex}: ${i.args.slice(0, 200)}`,
        location: { path: CONFIG_PATH, ...optLayer(input, i.layerIndex) },
      })),
};

function optLayer(input: Parameters<ImageRule["check"]>[0], index: number | undefined): { layer?: ReturnType<typeof layerOrigin> } {
  const layer = index === undefined ? undefined : layerOrigin(input, index);
  return layer ? { layer } : {};
}
