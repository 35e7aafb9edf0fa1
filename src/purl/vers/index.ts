/** VERS, the purl-spec version range specifier: parse and validate, evaluate, and its schemes (see README.md). */
export { parseVers, formatVers, comparatorProblem, comparators, MAX_CONSTRAINTS, MAX_VERS_LENGTH, type Comparator, type Constraint, type VersRange } from "./parse.js";
export { versContains } from "./contains.js";
export { versSchemes, schemeOfPurlType } from "./schemes.js";
