/** Human-readable `dredge inspect` output. */
import Table from "cli-table3";
import type { InspectImage, InspectReport } from "../../scan/index.js";
import { formatPlatform } from "../../scan/index.js";

export function renderInspect(report: InspectReport): string {
  return report.images.map(renderImage).join("\n");
}

function renderImage(img: InspectImage): string {
  const lines: string[] = [];
  const kv = (k: string, v: string | undefined) => v && lines.push(`${(k + ":").padEnd(14)}${v}`);
  kv("Image", img.name);
  kv("Source", img.source);
  kv("Tags", img.repoTags.join(", "));
  kv("Digest", img.manifestDigest);
  kv("Index", img.indexDigest);
  kv("Image ID", img.imageId);
  kv("Platform", formatPlatform(img.platform));
  kv("OS", img.os ? `${img.os.prettyName ?? `${img.os.family} ${img.os.name}`}${img.os.eol ? " (end of life)" : ""}` : undefined);
  kv("Created", img.created);
  kv("Base image", img.base ? [img.base.name, img.base.digest].filter(Boolean).join("@") : undefined);
  kv("User", img.config.user ?? (img.source === "rootfs" || img.source === "fs" ? undefined : "(root)"));
  kv("Entrypoint", img.config.entrypoint ? JSON.stringify(img.config.entrypoint) : undefined);
  kv("Cmd", img.config.cmd ? JSON.stringify(img.config.cmd) : undefined);
  kv("Workdir", img.config.workingDir);
  kv("Ports", img.config.exposedPorts.join(", "));
  kv("Env", img.config.env.join("\n".padEnd(15)));
  const labels = Object.entries(img.config.labels).map(([k, v]) => `${k}=${v}`);
  kv("Labels", labels.join("\n".padEnd(15)));
  kv("Files", String(img.fileCount));
  if (img.layers.length) {
    const t = new Table({ head: ["#", "Size", "DiffID", "Digest", "Created by"], style: { head: [], border: [] }, wordWrap: true, colWidths: [4, 10, 21, 21, 60] });
    for (const l of img.layers) {
      t.push([String(l.index + 1), l.size === undefined ? "" : humanBytes(l.size), short(l.diffId), short(l.digest), l.createdBy ?? ""]);
    }
    lines.push("", t.toString());
  }
  return lines.join("\n") + "\n";
}

const short = (d: string | undefined) => (d ? d.replace(/^sha256:/, "").slice(0, 19) : "");

export function humanBytes(n: number): string {
  const units = ["B", "kB", "MB", "GB", "TB"];
  let i = 0;
  let v = n;
  while (v >= 1000 && i < units.length - 1) [v, i] = [v / 1000, i + 1];
  return `${i === 0 ? v : v.toFixed(1)} ${units[i]}`;
}
