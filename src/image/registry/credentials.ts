/**
 * Registry credentials: from options, or from the Docker config (`$DOCKER_CONFIG/config.json`, default
 * `~/.docker/config.json`): `credHelpers[host]`, then `credsStore`, then `auths` (base64 `auth`,
 * `username`/`password`, `identitytoken`). Credentials are only ever looked up for one registry host.
 */
import { readFile } from "node:fs/promises";
import { homedir } from "node:os";
import { join } from "node:path";
import { z } from "zod";
import { errorMessage } from "../../errors.js";
import type { Logger } from "../../util/log.js";
import { runCredentialHelper } from "./credential-helper.js";
import { safeParse } from "../../util/schema.js";

export interface RegistryCredentials {
  username?: string;
  password?: string;
  /** OAuth2 refresh token (`identitytoken`), exchanged at the token realm. */
  identityToken?: string;
  /** A registry access token sent as `Bearer` as is (the Harbor adapter's registry authorization). */
  registryToken?: string;
  /** Where they came from, for messages (never the secret). */
  source: string;
}

const authEntry = z
  .object({
    auth: z.string().optional(),
    username: z.string().optional(),
    password: z.string().optional(),
    identitytoken: z.string().optional(),
  })
  .passthrough();

const dockerConfigSchema = z
  .object({
    auths: z.record(z.string(), authEntry).optional(),
    credHelpers: z.record(z.string(), z.string()).optional(),
    credsStore: z.string().optional(),
  })
  .passthrough();

type DockerConfig = z.infer<typeof dockerConfigSchema>;

const HUB_KEYS = ["https://index.docker.io/v1/", "index.docker.io", "docker.io", "registry-1.docker.io"];
const HUB_SERVER = "https://index.docker.io/v1/";

/** Keys a registry may be stored under, and the server URL helpers expect. */
function keysFor(registry: string): { hosts: string[]; server: string } {
  if (HUB_KEYS.includes(registry)) return { hosts: HUB_KEYS.map(hostOf), server: HUB_SERVER };
  return { hosts: [registry], server: registry };
}

/** `https://host:5000/v2/` → `host:5000`. */
export function hostOf(key: string): string {
  return key.replace(/^[a-z]+:\/\//i, "").replace(/\/.*$/, "").toLowerCase();
}

/** `explicit` (front ends pass DOCKER_CONFIG), else ~/.docker. */
export function dockerConfigDir(explicit?: string): string {
  return explicit ?? join(homedir(), ".docker");
}

async function readDockerConfig(dir: string, logger: Logger): Promise<DockerConfig | undefined> {
  const file = join(dir, "config.json");
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch {
    return undefined;
  }
  try {
    const r = safeParse(dockerConfigSchema, JSON.parse(text));
    if (r.success) return r.data;
  } catch {
    // fall through
  }
  logger.warn("ignoring malformed docker config", { file });
  return undefined;
}

function fromAuthEntry(entry: z.infer<typeof authEntry>, source: string): RegistryCredentials | undefined {
  if (entry.identitytoken) return { identityToken: entry.identitytoken, username: entry.username, source };
  if (entry.auth) {
    const decoded = Buffer.from(entry.auth, "base64").toString("utf8");
    const colon = decoded.indexOf(":");
    if (colon > 0) return { username: decoded.slice(0, colon), password: decoded.slice(colon + 1), source };
  }
  if (entry.username && entry.password !== undefined) return { username: entry.username, password: entry.password, source };
  return undefined;
}

async function tryHelper(name: string, server: string, logger: Logger): Promise<RegistryCredentials | undefined> {
  try {
    return await runCredentialHelper(name, server);
  } catch (err) {
    logger.warn("docker credential helper failed", { helper: name, server, error: errorMessage(err) });
    return undefined;
  }
}

/** Credentials for `registry` from the Docker config in `dir`, or undefined. */
export async function dockerCredentials(registry: string, dir: string, logger: Logger): Promise<RegistryCredentials | undefined> {
  const config = await readDockerConfig(dir, logger);
  if (!config) return undefined;
  const { hosts, server } = keysFor(registry);
  const file = join(dir, "config.json");
  const helperKey = Object.keys(config.credHelpers ?? {}).find((k) => hosts.includes(hostOf(k)));
  if (helperKey) {
    const found = await tryHelper(config.credHelpers![helperKey]!, server, logger);
    if (found) return found;
  }
  if (config.credsStore) {
    const found = await tryHelper(config.credsStore, server, logger);
    if (found) return found;
  }
  for (const [key, entry] of Object.entries(config.auths ?? {})) {
    if (!hosts.includes(hostOf(key))) continue;
    const found = fromAuthEntry(entry, `docker config ${file}`);
    if (found) return found;
  }
  return undefined;
}
