/** Test HTTP servers on 127.0.0.1 (port chosen by the OS) that record every request's path and query. */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";

export interface LoopbackServer {
  url: string;
  /** Paths requested so far (with query). */
  requests: string[];
  close(): Promise<void>;
}

/** `answer` gives the body and content type for a URL, or undefined for a 404. */
export async function serveLoopback(answer: (u: URL) => { body: Buffer | string; type: string } | undefined): Promise<LoopbackServer> {
  const requests: string[] = [];
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const u = new URL(req.url ?? "/", "http://127.0.0.1");
    requests.push(u.pathname + u.search);
    const hit = answer(u);
    if (!hit) res.writeHead(404, { "content-type": "text/plain" }).end("not found");
    else res.writeHead(200, { "content-type": hit.type }).end(hit.body);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const addr = server.address();
  const port = typeof addr === "object" && addr ? addr.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () => new Promise((resolve, reject) => server.close((err) => (err ? reject(err) : resolve()))),
  };
}
