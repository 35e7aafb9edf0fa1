/** `dredge admission manifest`: prints the ValidatingWebhookConfiguration of the admission listener. */
import type { Command } from "commander";
import { X509Certificate } from "node:crypto";
import { readFileSync } from "node:fs";
import { stringify } from "yaml";
import { DredgeError, errorMessage } from "../../errors.js";
import { webhookConfiguration } from "../../server/admission/manifest.js";
import type { Io } from "../program.js";
import { runAction } from "../program.js";
import { commandDescription } from "./summary.js";

interface ManifestFlags {
  namespace: string;
  service: string;
  port: string;
  caFile: string;
  name: string;
  exempt: string[];
}

function caPem(file: string): string {
  try {
    const pem = readFileSync(file, "utf8");
    new X509Certificate(pem);
    return pem;
  } catch (err) {
    throw new DredgeError("USAGE", `cannot use --ca-file ${file}: ${errorMessage(err)}`, { hint: "give the PEM certificate of the CA that signed --admission-tls-cert" });
  }
}

export function admissionCommand(program: Command, io: Io, holder: { code: number }): void {
  const admission = program.command("admission").description(commandDescription("admission"));
  admission
    .command("manifest")
    .description("print the ValidatingWebhookConfiguration (YAML) that sends Pods and workloads to the webhook")
    .requiredOption("--namespace <namespace>", "namespace of the webhook's Service (exempt from the webhook)")
    .requiredOption("--service <name>", "name of the webhook's Service")
    .requiredOption("--ca-file <file>", "PEM certificate of the CA that signed the admission listener's certificate (the caBundle)")
    .option("--port <port>", "the Service's port", "443")
    .option("--name <name>", "name of the configuration", "dredge-admission")
    .option("--exempt <namespace>", "another namespace left out (repeatable)", (v: string, acc: string[]) => [...acc, v], [] as string[])
    .action(
      runAction(io, [], async (ctx, _args, cmd) => {
        const f = cmd.opts<ManifestFlags>();
        const port = Number(f.port);
        if (!/^\d+$/.test(f.port) || port < 1 || port > 65535) throw new DredgeError("USAGE", `invalid --port: "${f.port}" is not a port`);
        const doc = webhookConfiguration({ namespace: f.namespace, service: f.service, port, caPem: caPem(f.caFile), name: f.name, exempt: f.exempt });
        ctx.stdout.write(stringify(doc));
        return 0;
      }, holder),
    );
}
