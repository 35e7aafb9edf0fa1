/**
 * `--metrics-listen HOST:PORT`: a separate plain-HTTP listener with `GET /metrics` (no token: it is meant for
 * an address only the monitoring network reaches, such as a pod port Prometheus scrapes), `GET /health` and
 * `GET /ready` (the catalog answers) — the probes of a workers-only process, which has no API listener.
 * Nothing else is served there. On the API listener /metrics keeps needing a token.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { metricsText, type MetricsSource } from "./routes/ops.js";

export interface MetricsListener {
  url: string;
  close(): Promise<void>;
}

export async function startMetricsListener(
  source: MetricsSource,
  listen: { host: string; port: number },
  ready: () => Promise<boolean>,
): Promise<MetricsListener> {
  const server: Server = createServer((req, res) => {
    const path = (req.url ?? "").split("?")[0];
    const send = (status: number, type: string, body: string) => res.writeHead(status, { "content-type": type }).end(req.method === "HEAD" ? undefined : body);
    if (req.method !== "GET" && req.method !== "HEAD") return send(405, "text/plain", "method not allowed\n");
    if (path === "/health") return send(200, "application/json", '{"status":"ok"}');
    if (path === "/ready") {
      return void ready().then((ok) => send(ok ? 200 : 503, "application/json", ok ? '{"status":"ready"}' : '{"status":"not ready"}'));
    }
    if (path !== "/metrics") return send(404, "text/plain", "not found\n");
    metricsText(source).then(
      (text) => send(200, "text/plain; version=0.0.4; charset=utf-8", text),
      () => send(503, "text/plain", "metrics unavailable: the catalog does not answer\n"),
    );
  });
  server.requestTimeout = 10_000;
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(listen.port, listen.host, () => (server.off("error", reject), resolve()));
  });
  const a = server.address() as AddressInfo;
  return {
    url: `http://${a.family === "IPv6" ? `[${a.address}]` : a.address}:${a.port}`,
    close: () => new Promise<void>((resolve) => (server.closeAllConnections(), server.close(() => resolve()))),
  };
}
