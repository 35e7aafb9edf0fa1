/** The library entry point: `import { … } from "dredge"`. */
export { DredgeError, isDredgeError } from "./errors.js";
export type { ErrorCode } from "./errors.js";
export type { Logger } from "./util/log.js";
export type * from "./model/image.js";
export type * from "./model/package.js";
export * as versioning from "./versioning/index.js";
