/** What the admission tests share: the webhook's certificate, and an image the catalog knows from a real scan. */
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { testImages } from "../helpers/images.js";
import type { ServerConfig } from "../../src/server/config.js";
import { api, startTestServer, waitForScan } from "./harness.js";

/** A self-signed certificate for 127.0.0.1 in `dir` (webhook.crt, webhook.key). */
export function makeCert(dir: string): { cert: string; key: string } {
  mkdirSync(dir, { recursive: true });
  const cert = join(dir, "webhook.crt");
  const key = join(dir, "webhook.key");
  execFileSync("openssl", ["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-days", "2", "-subj", "/CN=dredge-webhook",
    "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", key, "-out", cert], { stdio: "ignore" });
  return { cert, key };
}

/** Scans the OCI archive test image with a server of one worker on `database`, then stops it; the image's digest. */
export async function scannedTestImage(database: string, options: Partial<ServerConfig> = {}): Promise<string> {
  const scanning = await startTestServer(database, { workers: 1, ...options });
  try {
    const admin = api(scanning.url, await scanning.token("admin"));
    const scan = await waitForScan(admin, ((await (await admin("POST", "/images", { reference: testImages().ociArchive })).json()) as { scanId: string }).scanId);
    assert.equal(scan.state, "done", scan.error ?? "");
    return scan.digest!;
  } finally {
    await scanning.dispose();
  }
}
