/** Settings of the vulnerability database: the scan commands' and `dredge db`'s. */
import { imageSettings, setting, type SettingSpec } from "./settings.js";

const s = setting;

export const dbFile = s("db", "--db <file>", "string", "use this database file (or directory of shards) as is; never update it");
export const dbRepository = s("dbRepository", "--db-repository <ref>", "string", "OCI repository of the prebuilt database");
export const dbNamespaces = s("dbNamespaces", "--db-namespaces <list>", "list", "only these namespaces or groups, e.g. debian,alpine,npm (all: every one)");

/** Registry access flags shared with image pulls. */
export const registrySettings: readonly SettingSpec[] = imageSettings.filter((spec) => ["username", "password", "insecure"].includes(spec.key));

/** Database flags of a scanning command (registry flags come with imageSettings). */
export const scanDbSettings: readonly SettingSpec[] = [
  dbFile, dbRepository, dbNamespaces,
  s("dbMaxAge", "--db-max-age <duration>", "duration", "update the database when older than this"),
  s("skipDbUpdate", "--skip-db-update", "boolean", "do not update the vulnerability database"),
  s("offline", "--offline", "boolean", "no database update and no base-image lookups; only the target image itself may be pulled from its registry"),
];
