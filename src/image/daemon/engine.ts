/** A minimal Docker Engine API client over a unix socket (node:http `socketPath`). */
import { createWriteStream } from "node:fs";
import type * as Http from "node:http";
import type { IncomingMessage } from "node:http";
import { pipeline } from "node:stream/promises";
import { z } from "zod";
import { DredgeError, errorMessage } from "../../errors.js";
import { safeParse } from "../../util/schema.js";
import { lazyBuiltin } from "../../util/lazy-builtin.js";

const http = lazyBuiltin<typeof Http>("node:http");

export const API_VERSION = "v1.41";
export const DEFAULT_SOCKET = "/var/run/docker.sock";
const MAX_JSON = 4 * 1024 * 1024;

/** The socket path of `DOCKER_HOST` (`unix:///…`); tcp:// and ssh:// are not supported yet. */
export function engineSocket(dockerHost: string | undefined): string {
  const host = dockerHost?.trim();
  if (!host) return DEFAULT_SOCKET;
  if (host.startsWith("unix://")) {
    const path = host.slice("unix://".length);
    if (!path.startsWith("/")) throw new DredgeError("USAGE", `DOCKER_HOST ${host}: the socket path must be absolute`);
    return path;
  }
  if (host.startsWith("/")) return host;
  throw new DredgeError("USAGE", `DOCKER_HOST ${host} is not supported yet: Dredge talks to the engine over a unix socket`, {
    hint: "use DOCKER_HOST=unix:///path/to/docker.sock, or `docker save IMAGE -o image.tar` and scan the archive",
  });
}

const inspectSchema = z
  .object({
    Id: z.string(),
    RepoTags: z.array(z.string()).nullish(),
    RepoDigests: z.array(z.string()).nullish(),
  })
  .passthrough();

export type EngineImage = z.infer<typeof inspectSchema>;

export interface EngineClient {
  readonly socket: string;
  inspect(name: string): Promise<EngineImage>;
  /** Stream `docker save` of the image into `file`. */
  exportTo(name: string, file: string): Promise<void>;
}

/** Image names go into the path; keep `/` (the API routes `{name:.*}`) but escape the rest. */
function imagePath(name: string, op: "json" | "get"): string {
  return `/${API_VERSION}/images/${name.split("/").map(encodeURIComponent).join("/")}/${op}`;
}

export function engineClient(socket: string, signal?: AbortSignal): EngineClient {
  const get = (path: string): Promise<IncomingMessage> =>
    new Promise((resolve, reject) => {
      const req = http().request({ socketPath: socket, path, method: "GET", headers: { host: "docker" }, signal }, resolve);
      req.on("error", (err) => reject(connectionError(socket, err)));
      req.end();
    });
  return {
    socket,
    async inspect(name) {
      const res = await get(imagePath(name, "json"));
      const body = await readBody(res, socket);
      if (res.statusCode === 404) {
        throw new DredgeError("IMAGE_NOT_FOUND", `image ${name} not found in the engine at ${socket}`, {
          hint: "pull or build it first, or scan it from the registry",
        });
      }
      if (res.statusCode !== 200) throw statusError(res.statusCode, body, `inspecting ${name}`, socket);
      const parsed = parseJson(body, inspectSchema, `engine at ${socket}: inspect ${name}`);
      return parsed;
    },
    async exportTo(name, file) {
      const res = await get(imagePath(name, "get"));
      if (res.statusCode !== 200) throw statusError(res.statusCode, await readBody(res, socket), `exporting ${name}`, socket);
      try {
        await pipeline(res, createWriteStream(file), { signal });
      } catch (err) {
        throw new DredgeError("ENGINE_ERROR", `engine at ${socket}: export of ${name} failed (${errorMessage(err)})`, { cause: err });
      }
    },
  };
}

function connectionError(socket: string, err: unknown): DredgeError {
  if (err instanceof Error && err.name === "AbortError") return new DredgeError("CANCELLED", "cancelled", { cause: err });
  const code = (err as NodeJS.ErrnoException).code;
  const why = code === "ENOENT" ? "the socket does not exist" : code === "ECONNREFUSED" ? "connection refused" : errorMessage(err);
  return new DredgeError("ENGINE_ERROR", `cannot reach the container engine at ${socket}: ${why}`, {
    cause: err,
    hint:
      code === "EACCES"
        ? "you may not have permission to use the socket (add yourself to the docker group)"
        : "is Docker (or `podman system service`) running? Set DOCKER_HOST=unix:///path/to/socket to use another engine",
  });
}

async function readBody(res: IncomingMessage, socket: string): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of res as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_JSON) {
      res.destroy();
      throw new DredgeError("ENGINE_ERROR", `engine at ${socket}: response larger than ${MAX_JSON} bytes`);
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString("utf8");
}

function statusError(status: number | undefined, body: string, what: string, socket: string): DredgeError {
  let message = body.trim().slice(0, 300);
  try {
    const m = (JSON.parse(body) as { message?: unknown }).message;
    if (typeof m === "string") message = m;
  } catch {
    // not JSON: keep the text
  }
  return new DredgeError("ENGINE_ERROR", `engine at ${socket}: ${what} failed with HTTP ${status}: ${message}`);
}

function parseJson<T>(body: string, schema: z.ZodType<T>, where: string): T {
  let doc: unknown;
  try {
    doc = JSON.parse(body);
  } catch {
    throw new DredgeError("ENGINE_ERROR", `${where}: response is not JSON`);
  }
  const r = safeParse(schema, doc);
  if (!r.success) throw new DredgeError("ENGINE_ERROR", `${where}: unexpected response (${r.error.issues[0]?.message})`);
  return r.data;
}
