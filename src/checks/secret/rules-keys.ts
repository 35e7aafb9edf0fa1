/** Private keys (PEM, OpenSSH, PGP armour), JWTs, and generic keyword + high-entropy assignments. */
import type { SecretRule } from "./types.js";

// Base64, PEM header lines (Proc-Type, DEK-Info, Version), escaped newlines; never "-----", so that one
// BEGIN without an END cannot make the regex scan past the next armour line (linear time).
const keyBody = "(?:[A-Za-z0-9+/=\\s:,.()\\\\]|-(?!----))";

export const keyRules: SecretRule[] = [
  {
    id: "private-key",
    category: "PrivateKey",
    title: "Private key",
    severity: "HIGH",
    // The body must hold real base64 (64+ characters in a row, or split by escaped/real newlines).
    regex: new RegExp(
      `-----BEGIN (?<kind>(?:RSA |EC |DSA |OPENSSH |ENCRYPTED |PGP )?PRIVATE KEY(?: BLOCK)?)-----` +
        `(?<secret>${keyBody}{64,65536}?)-----END \\k<kind>-----`,
    ),
    keywords: ["private key"],
    allowSecrets: [/^[\s\\n]*(?:\.\.\.|…)?[\s\\n]*$/],
  },
  {
    id: "jwt",
    category: "JWT",
    title: "JSON Web Token",
    severity: "MEDIUM",
    regex: /(?<![A-Za-z0-9_-])(?<secret>eyJ[A-Za-z0-9_-]{10,}\.eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{16,})(?![A-Za-z0-9_-])/,
    keywords: ["eyj"],
  },
];

/** Names that announce a secret; the value must look random (entropy, mixed classes, no code). */
const generic =
  /(?:passw(?:or)?d|secret|api[_-]?key|access[_-]?key|auth[_-]?token|access[_-]?token|client[_-]?secret|private[_-]?key)[A-Za-z0-9_-]{0,20}["']?\s*(?:=|:=|=>|:)\s*["'](?<secret>[A-Za-z0-9+/_=.~!@#%^&*-]{16,128})["']/i;

export const genericRules: SecretRule[] = [
  {
    id: "generic-secret-assignment",
    category: "Generic",
    title: "Secret-named value with high entropy",
    severity: "MEDIUM",
    regex: generic,
    keywords: ["passw", "secret", "api_key", "apikey", "api-key", "access_key", "accesskey", "token", "private_key"],
    entropy: 4.0,
    allowPaths: [/^\/usr\/share\/(?:doc|man|info|locale|i18n|zoneinfo|help)\//, /\/(?:tests?|testing|examples?|docs?)\//i],
    allowSecrets: [/example|sample|placeholder|changeme|dummy|your[_-]|xxxx|\*\*\*\*|^\$\{|^<.*>$/i, /^[a-z_.]+$/, /^[A-Z_]+$/],
  },
];
