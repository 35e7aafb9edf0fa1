/** Licence normalisation (SPDX) and classification. */
export { classRank, classifyId } from "./classes.js";
export { normaliseId, normaliseLicense, parseExpression, type NormalisedLicense } from "./normalize.js";
export {
  classifyLicense, classifyNode, defaultLicenseSeverities, licenseFindings, type LicenseScanItem, type LicenseSeverities,
} from "./classify.js";
export { licenseConfigSchema, licenseSeverities } from "./config.js";
