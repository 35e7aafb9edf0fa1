/** The built-in secret rules, in reporting order. */
import { cloudRules } from "./rules-cloud.js";
import { genericRules, keyRules } from "./rules-keys.js";
import { tokenRules } from "./rules-tokens.js";
import type { SecretAllowRule, SecretRule } from "./types.js";

export const builtinSecretRules: readonly SecretRule[] = [...cloudRules, ...tokenRules, ...keyRules, ...genericRules];

/** Allow rules on by default: package-manager signature material and VCS internals are not secrets. */
export const builtinAllowRules: readonly SecretAllowRule[] = [
  { id: "git-objects", description: "git object store", path: /\/\.git\/objects\// },
  { id: "apt-keyrings", description: "public keyrings", path: /^\/(?:etc\/apt|usr\/share\/keyrings)\// },
  { id: "locale-data", description: "time zone and locale data", path: /^\/usr\/(?:share\/zoneinfo|lib\/locale|share\/locale)\// },
];
