/** The container registry image source (OCI Distribution Spec) and its client, used by `dredge db push/update`. */
import type { Logger } from "../../util/log.js";
import type { ConnectGuard } from "./guard.js";
import type { RegistryAccessLookup } from "./session.js";
import type { ImageSource } from "../types.js";
import { registrySource as makeSource } from "./source.js";

export interface RegistryOptions {
  username?: string;
  password?: string;
  insecure?: boolean;
  timeoutMs?: number;
  retries?: number;
  dockerConfigDir?: string;
  logger: Logger;
  signal?: AbortSignal;
  guard?: ConnectGuard;
  access?: RegistryAccessLookup;
}

/** An ImageSource for `reference` (`alpine`, `ghcr.io/org/app:1.0`, `host:5000/repo@sha256:…`). */
export function registrySource(reference: string, options: RegistryOptions): ImageSource {
  return makeSource(reference, options);
}

export { RegistryClient } from "./client.js";
export type { RegistryClientOptions, FetchedManifest, RequestOptions } from "./client.js";
export type { BlobContent, PushedBlob } from "./push.js";
export { connectGuard, isNonPublicAddress, splitHostPort } from "./guard.js";
export type { ConnectGuard, Resolver, ResolvedAddress } from "./guard.js";
export type { ConfiguredAccess, RegistryAccessLookup } from "./session.js";
export type { PushedManifest } from "./push.js";
export { attachReferrer, listReferrers, readReferrer, referrersTag, artifactManifest, EMPTY_CONFIG } from "./referrers.js";
export type { ReferrerArtifact, AttachedReferrer, SubjectDescriptor, ReferrerList } from "./referrers.js";
