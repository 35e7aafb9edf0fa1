/**
 * in-toto attestations (`cosign attest --type cyclonedx|spdxjson`, `trivy … --format cosign-vuln`-style JSONL):
 * a DSSE envelope per line, `payload` = base64 in-toto Statement, `predicate` = the SBOM (an object, or cosign's
 * older `{ "Data": "<json text>" }`).
 */
import { z } from "zod";
import { DredgeError } from "../errors.js";
import { jsonFormat } from "./detect.js";
import { parseJson } from "./input.js";
import { safeParse } from "../util/schema.js";

const envelope = z.object({ payloadType: z.string(), payload: z.string() });
const statement = z.object({ _type: z.string().optional(), predicateType: z.string().optional(), predicate: z.unknown() });

/** The SBOM inside the first envelope/statement of `docs` that carries a CycloneDX or SPDX JSON predicate. */
export function sbomFromInToto(docs: readonly unknown[], file: string): unknown {
  const seen: string[] = [];
  for (const [i, doc] of docs.entries()) {
    const st = statementOf(doc, `${file} (line ${i + 1})`);
    if (!st) continue;
    seen.push(st.predicateType ?? "unknown");
    const pred = predicateOf(st.predicate, `${file} (line ${i + 1})`);
    const fmt = jsonFormat(pred);
    if (fmt === "cyclonedx-json" || fmt === "spdx-json") return pred;
  }
  throw new DredgeError("UNSUPPORTED_MEDIA_TYPE", `${file}: in-toto attestation without a CycloneDX or SPDX JSON predicate (found: ${seen.join(", ") || "none"})`, {
    hint: "attest the SBOM with --type cyclonedx or --type spdxjson, or pass the SBOM JSON itself",
  });
}

function statementOf(doc: unknown, what: string): z.infer<typeof statement> | undefined {
  const env = safeParse(envelope, doc);
  if (env.success) {
    if (env.data.payloadType !== "application/vnd.in-toto+json") return undefined;
    const text = Buffer.from(env.data.payload, "base64").toString("utf8");
    const r = safeParse(statement, parseJson(text, `${what} DSSE payload`));
    return r.success ? r.data : undefined;
  }
  const r = safeParse(statement, doc);
  return r.success && r.data._type?.startsWith("https://in-toto.io/Statement") ? r.data : undefined;
}

function predicateOf(pred: unknown, what: string): unknown {
  if (pred && typeof pred === "object" && !Array.isArray(pred)) {
    const data = (pred as Record<string, unknown>).Data;
    if (typeof data === "string") return parseJson(data, `${what} predicate Data`);
    if (data && typeof data === "object") return data;
  }
  return pred;
}
