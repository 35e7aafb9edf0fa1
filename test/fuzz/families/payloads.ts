/**
 * Registry push notifications as `POST /hooks/distribution` and `POST /hooks/harbor` read them
 * (src/server/hooks/events.ts): the request body, once Fastify parsed it as JSON, through the envelope schemas
 * to the references to scan. A body that is not JSON never reaches them (Fastify answers 400). Seeds: the real
 * Distribution notification and Harbor webhook payloads in the fixtures.
 */
import { distributionPushes, harborPushes, type PushedImages } from "../../../src/server/hooks/events.js";
import { fixtureFiles, fixtureSeeds } from "../seeds.js";
import type { FuzzTarget } from "../target.js";

const DIGEST = /^sha256:[0-9a-f]{64}$/;

/** The parsed body, or undefined when the bytes are not JSON (rejected before the parser under test). */
function body(bytes: Buffer): { json: unknown } | undefined {
  try {
    return { json: JSON.parse(bytes.toString("utf8")) as unknown };
  } catch {
    return undefined;
  }
}

/** Every reference is `host/repository@sha256:<64 hex>`, once each; counts are non-negative integers. */
function pushedProblem(r: unknown): string | undefined {
  if (r === undefined) return undefined;
  const p = r as PushedImages;
  if (!Array.isArray(p.references) || !Number.isInteger(p.ignored) || p.ignored < 0) return "not a PushedImages";
  if (new Set(p.references).size !== p.references.length) return "a reference twice";
  for (const ref of p.references) {
    const at = ref.lastIndexOf("@");
    if (typeof ref !== "string" || at < 0 || !DIGEST.test(ref.slice(at + 1)) || !ref.slice(0, at).includes("/")) return `bad reference ${JSON.stringify(ref)}`;
    if (/\s/.test(ref)) return `whitespace in reference ${JSON.stringify(ref)}`;
  }
  return undefined;
}

function payloadTarget(name: string, dir: string, parse: (json: unknown) => PushedImages, tokens: readonly string[]): FuzzTarget {
  return {
    name,
    seeds: () => fixtureSeeds(fixtureFiles(dir, /\.json$/, 40)),
    tokens,
    run: (bytes) => {
      const b = body(bytes);
      return b === undefined ? undefined : parse(b.json);
    },
    check: pushedProblem,
  };
}

const digestTokens = [`sha256:${"a".repeat(64)}`, "sha256:", "sha512:", "@", ":", "/", "application/vnd.oci.image.manifest.v1+json", "application/vnd.docker.distribution.manifest.v2+json"];

export const payloadTargets: FuzzTarget[] = [
  payloadTarget("payloads/distribution", "payloads/distribution/extracted", distributionPushes, [...digestTokens, '"push"', '"pull"', '"events"', '"target"', '"repository"', '"url"', "http://", "https://"]),
  payloadTarget("payloads/harbor", "payloads/harbor/extracted", harborPushes, [...digestTokens, '"PUSH_ARTIFACT"', '"harbor.artifact.pushed"', '"resource_url"', '"resources"', '"event_data"', '"specversion"']),
];
