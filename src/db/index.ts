/** The vulnerability database: build (feeds → SQLite), read (AdvisoryStore), distribute (OCI shards). */
export { buildDatabase, parseSourceArg, defaultSourceSpecs } from "./build.js";
export type { BuildOptions, BuildSummary, SourceSpec, SourceSummary } from "./build.js";
export { openAdvisoryStore } from "./store.js";
export type { AdvisoryStore } from "./store.js";
export { feedSources, findSource } from "./sources/registry.js";
export type { FeedSource, RawRecord, FetchContext } from "./sources/types.js";
export { SCHEMA_VERSION } from "./schema.js";
export { osvNamespace, normalizePackageName, debianRelease, alpineRelease, OSV_ECOSYSTEM_NAMES } from "./namespace.js";
export { computeAliasGroups, compareCanonical } from "./aliases.js";
export { shardOf, splitDatabase, COMMON_SHARD } from "./shards.js";
export type { ShardFile } from "./shards.js";
export {
  DB_ARTIFACT_TYPE, DB_LAYER_MEDIA_TYPE, packShards, writeArtifactLayout, parseDbManifest, selectLayers, extractShard,
  extractFromLayout,
} from "./artifact.js";
export type { DbManifest, Descriptor, Blob } from "./artifact.js";
export { databaseStatus } from "./status.js";
export type { DatabaseStatus } from "./status.js";
export type * from "./model.js";
export {
  ensureDatabase, updateDatabase, pushDatabase, readInstalled, localDatabasePaths, DEFAULT_DB_REPOSITORY, DEFAULT_MAX_AGE_MS,
} from "./distribution/index.js";
export type { EnsureOptions, EnsuredDatabase, UpdateOptions, UpdateResult, PushOptions, PushResult, RegistryAccess } from "./distribution/index.js";
