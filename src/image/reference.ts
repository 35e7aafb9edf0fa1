/**
 * Image references (`alpine`, `user/app:1.2`, `host:5000/ns/repo:tag@sha256:…`), normalised as Docker does
 * and validated against the distribution reference grammar.
 */
import { DredgeError } from "../errors.js";

export interface ImageReference {
  /** `docker.io`, `ghcr.io`, `127.0.0.1:5000`. */
  registry: string;
  /** `library/alpine`, `ns/repo`. */
  repository: string;
  tag?: string;
  /** When both tag and digest are given, the digest wins for pulling. */
  digest?: string;
  /** docker.io/library/alpine:latest */
  normalized: string;
}

export const DOCKER_HUB = "docker.io";
const MAX_NAME = 255;

const domainComponent = "(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])";
const hostRe = new RegExp(`^(?:${domainComponent}(?:\\.${domainComponent})*|\\[[0-9a-fA-F:.]+\\])(?::[0-9]+)?$`);
const pathComponentRe = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
const tagRe = /^[\w][\w.-]{0,127}$/;
const digestRe = /^[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}$/;
const sha256Re = /^sha256:[0-9a-f]{64}$/;

function invalid(text: string, why: string): DredgeError {
  return new DredgeError("INVALID_REFERENCE", `invalid image reference "${text}": ${why}`, {
    hint: "use [registry/]repository[:tag][@digest], e.g. alpine:3.20 or ghcr.io/org/app@sha256:…",
  });
}

/** Docker's rule: the first component is a registry when it has `.` or `:`, is `localhost`, or has capitals. */
function splitDomain(name: string): { registry: string; remainder: string } {
  const i = name.indexOf("/");
  const first = i === -1 ? "" : name.slice(0, i);
  const isHost = i !== -1 && (/[.:]/.test(first) || first === "localhost" || first.toLowerCase() !== first);
  if (!isHost) return { registry: DOCKER_HUB, remainder: name };
  const registry = first === "index.docker.io" ? DOCKER_HUB : first;
  return { registry, remainder: name.slice(i + 1) };
}

function splitDigest(text: string, rest: string): { rest: string; digest?: string } {
  const at = rest.indexOf("@");
  if (at === -1) return { rest };
  const digest = rest.slice(at + 1);
  if (!digestRe.test(digest)) throw invalid(text, `malformed digest "${digest}"`);
  if (digest.startsWith("sha256:") && !sha256Re.test(digest)) {
    throw invalid(text, `a sha256 digest has 64 lowercase hex digits, got "${digest}"`);
  }
  return { rest: rest.slice(0, at), digest };
}

function splitTag(text: string, rest: string): { name: string; tag?: string } {
  const colon = rest.lastIndexOf(":");
  if (colon === -1 || colon < rest.lastIndexOf("/")) return { name: rest };
  const tag = rest.slice(colon + 1);
  if (!tagRe.test(tag)) throw invalid(text, `malformed tag "${tag}" (letters, digits, _ . -, at most 128 characters)`);
  return { name: rest.slice(0, colon), tag };
}

/** Parse and normalise an image reference; throws INVALID_REFERENCE naming the input. */
export function parseReference(text: string): ImageReference {
  const input = text.trim();
  if (input === "") throw invalid(text, "empty reference");
  const { rest, digest } = splitDigest(text, input);
  const { name, tag: givenTag } = splitTag(text, rest);
  if (name === "") throw invalid(text, "missing repository name");
  const { registry, remainder } = splitDomain(name);
  if (!hostRe.test(registry)) throw invalid(text, `malformed registry host "${registry}"`);
  for (const part of remainder.split("/")) {
    if (!pathComponentRe.test(part)) {
      const why = part.toLowerCase() !== part ? "repository names must be lowercase" : "malformed repository path";
      throw invalid(text, `${why} ("${part}")`);
    }
  }
  const repository = registry === DOCKER_HUB && !remainder.includes("/") ? `library/${remainder}` : remainder;
  if (`${registry}/${repository}`.length > MAX_NAME) throw invalid(text, `name longer than ${MAX_NAME} characters`);
  const tag = givenTag ?? (digest ? undefined : "latest");
  const normalized = `${registry}/${repository}${tag ? `:${tag}` : ""}${digest ? `@${digest}` : ""}`;
  const ref: ImageReference = { registry, repository, normalized };
  if (tag) ref.tag = tag;
  if (digest) ref.digest = digest;
  return ref;
}

/** `registry/repository`, the name used for repoTags and repoDigests. */
export function repositoryName(ref: ImageReference): string {
  return `${ref.registry}/${ref.repository}`;
}

/** The host that serves the registry API: Docker Hub's API lives at registry-1.docker.io. */
export function registryApiHost(registry: string): string {
  return registry === DOCKER_HUB || registry === "index.docker.io" ? "registry-1.docker.io" : registry;
}
