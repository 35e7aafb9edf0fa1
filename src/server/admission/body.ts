/**
 * The admission listener's request body: read up to a bound and parsed as Fastify's defaults did for this
 * route (the listener was a Fastify app; the answers are the same): `application/json` is parsed (an empty
 * body, bad JSON and a `__proto__` key or `constructor.prototype` anywhere are 400), `text/plain` is a string
 * (which the schema then refuses), no body is undefined, any other media type is 415 and a body over the
 * bound 413.
 */
import type { IncomingMessage } from "node:http";

/** A failure answered with `status` (the message is the problem's detail). */
export class BodyError extends Error {
  constructor(
    readonly statusCode: number,
    message: string,
  ) {
    super(message);
    this.name = "BodyError";
  }
}

const tooLarge = () => new BodyError(413, "Request body is too large");
const badJson = () => new BodyError(400, "Body is not valid JSON but content-type is set to 'application/json'");

type Media = "json" | "text" | "other";

function mediaOf(header: string): Media {
  const semi = header.indexOf(";");
  const type = (semi < 0 ? header : header.slice(0, semi)).trim().toLowerCase();
  return type === "application/json" ? "json" : type === "text/plain" ? "text" : "other";
}

/** Reads the body as a Buffer, refusing more than `limit` bytes (announced or sent). */
function readRaw(req: IncomingMessage, limit: number): Promise<Buffer> {
  const announced = req.headers["content-length"];
  if (announced !== undefined && Number(announced) > limit) {
    req.resume();
    return Promise.reject(tooLarge());
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        req.off("data", onData).resume();
        reject(tooLarge());
        return;
      }
      chunks.push(chunk);
    };
    req.on("data", onData);
    req.once("end", () => resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size)));
    req.once("error", reject);
  });
}

/** Whether a `__proto__` key, or a `constructor` key holding a `prototype` key, occurs in `value`. */
function poisoned(value: unknown): boolean {
  const stack: unknown[] = [value];
  while (stack.length) {
    const node = stack.pop();
    if (node === null || typeof node !== "object") continue;
    if (Object.hasOwn(node, "__proto__")) return true;
    const ctor = (node as Record<string, unknown>).constructor;
    if (Object.hasOwn(node, "constructor") && ctor !== null && typeof ctor === "object" && Object.hasOwn(ctor, "prototype")) return true;
    for (const v of Object.values(node)) if (v !== null && typeof v === "object") stack.push(v);
  }
  return false;
}

/** What might spell `__proto__` or `constructor`, escaped or not: only then is the parsed value walked. */
const suspect = (text: string): boolean => text.includes("__proto__") || text.includes("constructor") || /\\u00[567]/.test(text);

export function parseJson(text: string): unknown {
  if (text === "") throw new BodyError(400, "Body cannot be empty when content-type is set to 'application/json'");
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw badJson();
  }
  if (suspect(text) && poisoned(value)) throw badJson();
  return value;
}

/** The request's body, parsed by its media type; undefined when it has none. Rejects with a BodyError. */
export async function readBody(req: IncomingMessage, limit: number): Promise<unknown> {
  const type = req.headers["content-type"];
  if (type === undefined) {
    const length = req.headers["content-length"];
    if (req.headers["transfer-encoding"] === undefined && (length === undefined || length === "0")) return undefined;
    req.resume();
    throw new BodyError(415, "Unsupported Media Type");
  }
  const media = mediaOf(type);
  if (media === "other") {
    req.resume();
    throw new BodyError(415, "Unsupported Media Type");
  }
  const text = (await readRaw(req, limit)).toString("utf8");
  return media === "json" ? parseJson(text) : text;
}
