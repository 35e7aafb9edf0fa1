/** Database distribution: publish (`pushDatabase`), install (`updateDatabase`), and use (`ensureDatabase`). */
export { DEFAULT_DB_REPOSITORY } from "./access.js";
export type { RegistryAccess } from "./access.js";
export { ensureDatabase, localDatabasePaths, dbNotFound, DEFAULT_MAX_AGE_MS, NO_UPDATE_STALE_MS, RECHECK_MS } from "./ensure.js";
export type { EnsureOptions, EnsuredDatabase } from "./ensure.js";
export { updateDatabase, coversNamespaces } from "./update.js";
export type { UpdateOptions, UpdateResult, NamespaceSelection } from "./update.js";
export { checkDatabase } from "./check.js";
export type { CheckOptions } from "./check.js";
export { pushDatabase } from "./push.js";
export type { PushOptions, PushResult } from "./push.js";
export { readInstalled, readPrevious, keepPreviousDatabase, dbRoot, POINTER_FILE } from "./layout.js";
export type { InstalledDatabase, InstalledInfo, InstalledShard } from "./layout.js";
