/**
 * A notification receiver for the tests: a loopback HTTP server that verifies Dredge's signature header
 * (with the test's clock), counts deliveries per path, de-duplicates by delivery id, and answers with the
 * status a path's behaviour gives (e.g. 500 for a while, then 200).
 */
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { verifySignature } from "../../src/server/notify/sign.js";

export interface Received {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
  /** Whether the signature verified with the path's secret (undefined: no secret configured for the path). */
  verified?: boolean;
  status: number;
}

export interface Receiver {
  url: string;
  /** Every request, in order (the wire: duplicates included). */
  received: Received[];
  /** Requests to one path. */
  at(path: string): Received[];
  /** Distinct delivery ids answered 2xx at one path (what a de-duplicating receiver keeps). */
  accepted(path: string): Set<string>;
  /** How a path answers the n-th request (0-based) it gets; default 200. */
  behave(path: string, status: (n: number) => number, secret?: string, delayMs?: number): void;
  close(): Promise<void>;
}

export async function startReceiver(nowSeconds: () => number = () => Math.floor(Date.now() / 1000)): Promise<Receiver> {
  const received: Received[] = [];
  const behaviours = new Map<string, { status: (n: number) => number; secret?: string; delayMs?: number; n: number }>();
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const path = (req.url ?? "/").split("?")[0]!;
      const body = Buffer.concat(chunks).toString("utf8");
      const b = behaviours.get(path);
      const n = b ? b.n++ : 0;
      const sig = req.headers["dredge-signature"];
      const verified = b?.secret === undefined ? undefined : typeof sig === "string" && verifySignature(b.secret, sig, body, nowSeconds());
      // A receiver refuses what it cannot verify.
      const status = verified === false ? 401 : (b?.status(n) ?? 200);
      received.push({ path, headers: req.headers, body, status, ...(verified === undefined ? {} : { verified }) });
      const answer = () => res.writeHead(status, { "content-type": "text/plain" }).end(status < 300 ? "ok" : "nope");
      if (b?.delayMs) setTimeout(answer, b.delayMs);
      else answer();
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    at: (path) => received.filter((r) => r.path === path),
    accepted: (path) => new Set(received.filter((r) => r.path === path && r.status < 300).map((r) => String(r.headers["dredge-delivery-id"]))),
    behave: (path, status, secret, delayMs) => void behaviours.set(path, { status, n: 0, ...(secret ? { secret } : {}), ...(delayMs ? { delayMs } : {}) }),
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

export async function until(what: string, check: () => boolean | Promise<boolean>, timeoutMs = 60_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}
