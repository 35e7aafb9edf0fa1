/** `dredge image TARGET`, `dredge fs DIR`, `dredge rootfs DIR`: the vulnerability scan. */
import type { Command } from "commander";
import { existsSync, readFileSync } from "node:fs";
import { reportLabels } from "../../report/multi.js";
import { reportFormats } from "../../report/registry.js";
import { serverClient } from "../../client/server-client.js";
import { defaultParallel, parseInputList, scanTarget, scanTargets, type InventoryMatchFn, type ScanOptions, type ScanResult } from "../../scan/index.js";
import { DredgeError, errorMessage } from "../../errors.js";
import { readInputList } from "../input-list.js";
import { findConfigFile, loadConfigDocument } from "../config-file.js";
import type { RunContext } from "../context.js";
import { scanHooks } from "../hooks.js";
import { withOutputFile, writeReports } from "../outputs.js";
import type { Io } from "../program.js";
import { addSettings, runAction } from "../program.js";
import { withProgress } from "../progress.js";
import { imageScanSettings, scanSettings } from "../scan-settings.js";
import { imageSettings } from "../settings.js";
import { registrySettings } from "../db-settings.js";
import { warnIncomplete } from "../output.js";
import { commandDescription } from "./summary.js";

type Kind = "image" | "fs" | "rootfs";

export function scanCommands(program: Command, io: Io, holder: { code: number }): void {
  for (const kind of ["image", "fs", "rootfs"] as const) {
    // fs/rootfs pull only the database: the registry credentials, not the image settings.
    const specs = kind === "image" ? [...imageSettings, ...imageScanSettings, ...scanSettings] : [...registrySettings, ...scanSettings];
    const cmd = program
      .command(kind)
      .argument(kind === "image" ? "[target]" : "<dir>", kind === "image" ? "image reference, archive, oci:DIR, daemon:NAME, or SBOM file (or --input-list)" : "directory")
      .description(commandDescription(kind))
      .option("-f, --format <format[=file]>", `${reportFormats.join(", ")}; repeatable (cyclonedx and spdx-json list every package of the scanned --pkg-types when the vuln or license scanner runs)`, collect, [])
      .option("-o, --output <file>", "write the (single) report to a file");
    if (kind === "image") {
      cmd.option("--input-list <file>", "scan every image of FILE (one a line, optionally followed by its Dockerfile; # comments; - for stdin) into one report")
        .option("--parallel <n>", `with --input-list: images scanned at once (default ${defaultParallel})`);
    }
    addSettings(cmd, specs);
    cmd.action(runAction(io, specs, (ctx, [target], c) => scan(ctx, kind, target, c, io), holder, ["format"]));
  }
}

const collect = (v: string, prev: string[]) => [...prev, v];

async function scan(ctx: RunContext, kind: Kind, target: string | undefined, cmd: Command, io: Io): Promise<number> {
  const own = cmd.opts<{ inputList?: string; parallel?: string }>();
  if (!target && !own.inputList) throw new DredgeError("USAGE", `${kind}: missing target`, { hint: kind === "image" ? "name an image, or --input-list FILE" : undefined });
  if (target && own.inputList) throw new DredgeError("USAGE", "give either a target or --input-list, not both");
  if (own.parallel !== undefined && !own.inputList) throw new DredgeError("USAGE", "--parallel goes with --input-list");
  const parallel = own.parallel === undefined ? defaultParallel : Number(own.parallel);
  if (!Number.isInteger(parallel) || parallel < 1 || parallel > 64) throw new DredgeError("USAGE", "--parallel: expected a whole number from 1 to 64");
  const o = ctx.options;
  const outputs = withOutputFile(o.format, cmd.opts<{ output?: string }>().output);
  const configPath = findConfigFile(cmd.optsWithGlobals<{ config?: string }>().config, ctx.env);
  const doc = loadConfigDocument(configPath);
  const checks = { secret: doc.secret, license: doc.license, source: configPath };
  const options = { ...o, format: outputs, ignorefile: ignorefileFor(o) };
  const remote = remoteMatcher(ctx);
  const list = own.inputList ? parseInputList(await readInputList(own.inputList, io.stdin ?? process.stdin), own.inputList === "-" ? "stdin" : own.inputList) : undefined;
  const result = await withProgress(ctx, (p) => list
    ? scanTargets(list, options, scanHooks(ctx, p), parallel, checks, remote)
    : scanTarget(kind === "image" ? target! : `${kind}:${target!}`, options, scanHooks(ctx, p), checks, remote));
  // Several images (--platform all, --input-list): every output holds them all (docs/reports.md, "Several images").
  const labels = result.reports.length > 1 ? reportLabels(result.reports) : [];
  result.reports.forEach((report, i) => {
    const prefix = labels[i] ? `${labels[i]}: ` : "";
    // The table shows the report's warnings itself; other formats get them on stderr too.
    if (!outputs.some((x) => x.format === "table" && !x.file)) for (const w of report.warnings) ctx.logger.warn(prefix + w);
    warnIncomplete(ctx, report.incompleteReasons, prefix);
  });
  await writeReports(ctx, result.reports, outputs, { groupBy: o.groupBy, showSuppressed: o.showSuppressed, listAllPackages: o.listAllPkgs });
  return scanExitCode(result, o);
}

/**
 * The exit code: the policy gate first (--policy-exit-code when an image's policy says STOP, or WARN with
 * --fail-on-warn), then --exit-code when findings remain (of every image): either failing fails the run.
 */
export function scanExitCode(result: Pick<ScanResult, "failing" | "policyFailing">, o: Pick<ScanOptions, "exitCode" | "policyExitCode">): number {
  if (result.policyFailing > 0 && o.policyExitCode !== 0) return o.policyExitCode;
  return result.failing > 0 ? o.exitCode : 0;
}

/**
 * Client mode (`--server URL`, token from --token or DREDGE_TOKEN): each inventory is posted to the server,
 * which stores it (unverified) and matches it; layers and files never leave this machine.
 */
export function remoteMatcher(ctx: RunContext): InventoryMatchFn | undefined {
  const { server, token } = ctx.options;
  if (!server) return undefined;
  if (ctx.options.db) ctx.logger.warn("--db is not used with --server: the server matches against its own database");
  const { serverCaFile, serverInsecure } = ctx.options;
  if (serverInsecure) ctx.logger.warn("--server-insecure: the server's TLS certificate is not verified");
  const ca = serverCaFile !== undefined ? readServerCa(serverCaFile) : undefined;
  const client = serverClient({ url: server, ...(token ? { token } : {}), ...(ca !== undefined ? { ca } : {}), insecure: serverInsecure, signal: ctx.signal });
  return async (inventory) => {
    const upload = await client.postInventory(inventory);
    ctx.logger.info(upload.stored ? "inventory stored on the server (unverified)" : "the server holds a verified scan of this image; inventory matched, not stored", { digest: upload.digest, location: upload.location });
    return upload.match;
  };
}

/** The PEM text of --server-ca-file: at least one certificate, else a usage error naming the file. */
function readServerCa(file: string): string {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (err) {
    throw new DredgeError("USAGE", `cannot read --server-ca-file ${file}: ${errorMessage(err)}`);
  }
  if (!text.includes("-----BEGIN CERTIFICATE-----")) throw new DredgeError("USAGE", `--server-ca-file ${file} holds no PEM certificate (-----BEGIN CERTIFICATE-----)`);
  return text;
}

/** --ignorefile, or ./.dredgeignore or ./.dredgeignore.yaml when present (the CLI's convention, not the pipeline's). */
export const ignorefileFor = (o: Pick<ScanOptions, "ignorefile">): string | undefined =>
  o.ignorefile ?? [".dredgeignore", ".dredgeignore.yaml"].find((f) => existsSync(f));
