/**
 * A loopback HTTP proxy in front of a test registry, for injecting faults and auth schemes in tests.
 * `intercept` may answer a request itself (return true) or let it through to the upstream registry.
 * Every request is recorded (method, path, Authorization) so tests can check where credentials went.
 */
import { createServer, request, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export interface RecordedRequest {
  method: string;
  path: string;
  authorization?: string;
}

export type Intercept = (req: IncomingMessage, res: ServerResponse) => boolean | Promise<boolean>;

export interface TestServer {
  /** `127.0.0.1:PORT` */
  host: string;
  /** `http://127.0.0.1:PORT` */
  url: string;
  requests: RecordedRequest[];
  close(): Promise<void>;
}

/** Start an HTTP server on a free loopback port; `handle` answers every request. */
export async function startServer(handle: (req: IncomingMessage, res: ServerResponse) => void | Promise<void>): Promise<TestServer> {
  const requests: RecordedRequest[] = [];
  const server: Server = createServer((req, res) => {
    requests.push({ method: req.method ?? "", path: req.url ?? "", authorization: req.headers.authorization });
    Promise.resolve(handle(req, res)).catch((err: unknown) => {
      if (!res.headersSent) res.writeHead(500);
      res.end(String(err));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    host: `127.0.0.1:${port}`,
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Forward a request to `upstream` (`http://127.0.0.1:PORT`), optionally replacing its headers. */
export function forward(req: IncomingMessage, res: ServerResponse, upstream: string, headers = req.headers): void {
  const target = new URL(req.url ?? "/", upstream);
  const out = request(target, { method: req.method, headers }, (up) => {
    res.writeHead(up.statusCode ?? 502, up.headers);
    up.pipe(res);
  });
  out.on("error", (err) => {
    if (!res.headersSent) res.writeHead(502);
    res.end(String(err));
  });
  req.pipe(out);
}

/** A proxy to `upstream`; `intercept` returns true when it answered the request itself. */
export function startProxy(upstream: string, intercept?: Intercept): Promise<TestServer> {
  return startServer(async (req, res) => {
    if (intercept && (await intercept(req, res))) return;
    forward(req, res, upstream);
  });
}

/** Fetch a blob or manifest from the upstream registry directly (for crafting faulty answers). */
export async function upstreamBytes(upstream: string, path: string, accept?: string): Promise<{ status: number; body: Buffer; headers: Headers }> {
  const res = await fetch(new URL(path, upstream), { headers: accept ? { accept } : {} });
  return { status: res.status, body: Buffer.from(await res.arrayBuffer()), headers: res.headers };
}
