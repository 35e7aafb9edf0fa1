import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { X509Certificate } from "node:crypto";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { request } from "node:https";
import type { TLSSocket } from "node:tls";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { isDredgeError } from "../../src/errors.js";
import { runCli } from "../helpers/cli.js";
import { adapters } from "./adapters.js";
import { api, fixtureDatabase, startTestServer, waitForScan } from "./harness.js";
import { parsePrometheusText } from "./prometheus-text.js";

after(async () => rm((await fixtureDatabase()).dir, { recursive: true, force: true }));

/** A self-signed certificate for 127.0.0.1 made by the openssl CLI. */
function makeCert(dir: string, name: string): { cert: string; key: string } {
  const cert = join(dir, `${name}.crt`);
  const key = join(dir, `${name}.key`);
  execFileSync("openssl", ["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-days", "2", "-subj", `/CN=${name}`,
    "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", key, "-out", cert], { stdio: "ignore" });
  return { cert, key };
}

/** GET over HTTPS trusting only `ca`; resolves with the status, body and the certificate the server showed. */
function httpsGet(url: string, ca: Buffer, headers: Record<string, string> = {}): Promise<{ status: number; body: string; peer: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { ca, headers, agent: false }, (res) => {
      const peer = (res.socket as TLSSocket).getPeerCertificate().fingerprint256;
      let body = "";
      res.setEncoding("utf8").on("data", (c: string) => (body += c)).on("end", () => resolve({ status: res.statusCode ?? 0, body, peer }));
    });
    req.on("error", reject).end();
  });
}

const fingerprint = async (file: string) => new X509Certificate(await readFile(file)).fingerprint256;

describe("dredge server flags", () => {
  it("refuses --tls-cert without --tls-key, a bad --metrics-listen, and a certificate that does not load", async () => {
    const dir = await mkdtemp(join(tmpdir(), "dredge-tls-flags-"));
    try {
      const db = join(dir, "dredge.db");
      const half = await runCli(["server", "--database", db, "--listen", "127.0.0.1:0", "--tls-cert", join(dir, "x.crt")]);
      assert.equal(half.code, 2);
      assert.match(half.stderr, /--tls-cert and --tls-key go together/);
      const bad = await runCli(["worker", "--database", "postgres://127.0.0.1:1/x", "--metrics-listen", "9090"]);
      assert.equal(bad.code, 2);
      assert.match(bad.stderr, /invalid --metrics-listen/);
      await writeFile(join(dir, "x.crt"), "not a certificate");
      await writeFile(join(dir, "x.key"), "not a key");
      const junk = await runCli(["server", "--database", db, "--listen", "127.0.0.1:0", "--workers", "0", "--tls-cert", join(dir, "x.crt"), "--tls-key", join(dir, "x.key"), "--db", (await fixtureDatabase()).path, "--skip-db-update", "--cache-dir", dir]);
      assert.equal(junk.code, 2, junk.stderr);
      assert.match(junk.stderr, /cannot use the TLS certificate/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

for (const { kind, make } of adapters) {
  describe(`server operations on ${kind}`, () => {
    it("serves the API over TLS, reloads a rotated certificate and refuses a key that is not the certificate's", async () => {
      const dir = await mkdtemp(join(tmpdir(), "dredge-tls-"));
      const t = await make();
      const first = makeCert(dir, "first");
      const second = makeCert(dir, "second");
      const firstPrint = await fingerprint(first.cert);
      const server = await startTestServer(t.url, { workers: 0, tls: { certFile: first.cert, keyFile: first.key, reloadMs: 50 } });
      try {
        assert.match(server.url, /^https:\/\/127\.0\.0\.1:\d+$/);
        const token = await server.token("reader");
        const ca1 = await readFile(first.cert);
        const health = await httpsGet(`${server.url}/health`, ca1);
        assert.equal(health.status, 200);
        assert.equal(health.peer, firstPrint);
        assert.equal((await httpsGet(`${server.url}/api/v1/db`, ca1, { authorization: `Bearer ${token}` })).status, 200);
        assert.equal((await httpsGet(`${server.url}/api/v1/db`, ca1)).status, 401);
        // A client that does not trust the certificate fails the handshake.
        await assert.rejects(httpsGet(`${server.url}/health`, await readFile(second.cert)), /self[- ]signed|unable to verify|certificate/i);
        // Plain HTTP on the TLS port is not served.
        await assert.rejects(fetch(server.url.replace("https:", "http:") + "/health").then((r) => r.text()));

        // Rotate: a half-written pair (the new certificate with the old key) is ignored, the full pair is loaded.
        await writeFile(first.cert, await readFile(second.cert));
        await new Promise((r) => setTimeout(r, 300));
        assert.equal((await httpsGet(`${server.url}/health`, ca1)).peer, firstPrint, "a mismatched pair is not loaded");
        await writeFile(first.key, await readFile(second.key));
        const ca2 = await readFile(second.cert);
        const deadline = Date.now() + 10_000;
        let served = "";
        while (Date.now() < deadline) {
          served = await httpsGet(`${server.url}/health`, ca2).then((r) => r.peer, () => "");
          if (served) break;
          await new Promise((r) => setTimeout(r, 50));
        }
        assert.equal(served, await fingerprint(second.cert), "the rotated certificate is served");
      } finally {
        await server.dispose();
        await t.drop();
      }
      const t2 = await make();
      try {
        const third = makeCert(dir, "third");
        await assert.rejects(startTestServer(t2.url, { tls: { certFile: third.cert, keyFile: second.key } }), (err) => isDredgeError(err) && err.code === "USAGE");
      } finally {
        await t2.drop();
        await rm(dir, { recursive: true, force: true });
      }
    });

    it("serves /metrics without a token on --metrics-listen only, with histograms in the Prometheus text format", async () => {
      const t = await make();
      const server = await startTestServer(t.url, { workers: 1, metricsListen: { host: "127.0.0.1", port: 0 } });
      try {
        assert.ok(server.metricsUrl && server.metricsUrl !== server.url);
        const call = api(server.url, await server.token("scanner"));
        assert.equal((await api(server.url)("GET", "/metrics")).status, 401, "the API listener still needs a token");
        // Two scans that fail (no such archive): a failed outcome, queue waits, HTTP requests by route.
        for (const name of ["a", "b"]) {
          const res = await call("POST", "/images", { reference: `oci-archive:/nonexistent/dredge-${name}.tar` });
          assert.equal(res.status, 202);
          assert.equal((await waitForScan(call, ((await res.json()) as { scanId: string }).scanId)).state, "failed");
        }
        assert.equal((await call("GET", "/images/sha256:0000000000000000000000000000000000000000000000000000000000000000")).status, 404);

        const res = await fetch(`${server.metricsUrl}/metrics`);
        assert.equal(res.status, 200);
        assert.match(res.headers.get("content-type") ?? "", /^text\/plain; version=0\.0\.4/);
        const families = parsePrometheusText(await res.text());
        assert.equal(families.get("dredge_queue_depth")?.type, "gauge");
        assert.equal(families.get("dredge_scans_started_total")?.type, "counter");
        const scan = families.get("dredge_scan_duration_seconds");
        assert.equal(scan?.type, "histogram");
        const failedCount = scan.samples.find((s) => s.name === "dredge_scan_duration_seconds_count" && s.labels.outcome === "failed");
        assert.ok(failedCount && failedCount.value >= 2, "every failed attempt is observed");
        const wait = families.get("dredge_queue_wait_seconds");
        assert.equal(wait?.samples.find((s) => s.name.endsWith("_count"))?.value, 2, "one queue wait per scan (first attempts only)");
        const http = families.get("dredge_http_request_duration_seconds");
        const routes = new Set(http?.samples.map((s) => s.labels.route));
        assert.ok(routes.has("/api/v1/images"), [...routes].join(" "));
        assert.ok(routes.has("/api/v1/scans/:id"));
        assert.ok(routes.has("/api/v1/images/:digest"), "a 404 of a matched route is under its pattern");
        assert.ok(![...routes].some((r) => r?.includes("sha256:")), "never a raw URL");

        assert.equal((await fetch(`${server.metricsUrl}/health`)).status, 200);
        assert.equal((await fetch(`${server.metricsUrl}/ready`)).status, 200);
        assert.equal((await fetch(`${server.metricsUrl}/api/v1/images`)).status, 404, "nothing else is served there");
        assert.equal((await fetch(`${server.metricsUrl}/metrics`, { method: "POST" })).status, 405);

        if (kind === "postgres") {
          // A workers-only process (dredge worker) serves its metrics and probes there too, without a database age.
          const workersOnly = await startTestServer(t.url, { workers: 1, listen: undefined, metricsListen: { host: "127.0.0.1", port: 0 } });
          try {
            assert.equal(workersOnly.url, "");
            const text = await (await fetch(`${workersOnly.metricsUrl}/metrics`)).text();
            const own = parsePrometheusText(text);
            assert.ok(own.has("dredge_queue_depth") && own.has("dredge_scan_duration_seconds"));
            assert.equal(own.has("dredge_db_age_seconds"), false);
            assert.equal((await fetch(`${workersOnly.metricsUrl}/ready`)).status, 200);
          } finally {
            await workersOnly.dispose();
          }
        }
      } finally {
        await server.dispose();
        await t.drop();
      }
    });
  });
}
