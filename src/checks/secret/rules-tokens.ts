/**
 * API tokens with documented, recognisable prefixes (GitHub, GitLab, Slack, Stripe, npm, PyPI) and the
 * registry credential files that hold them (.npmrc, .pypirc, Docker config.json).
 */
import type { SecretRule } from "./types.js";

const placeholder = /^\$\{?[A-Za-z_][A-Za-z0-9_]*\}?$|^<[^>]*>$|^x{6,}$|^\*+$/i;

export const tokenRules: SecretRule[] = [
  {
    id: "github-token",
    category: "GitHub",
    title: "GitHub token",
    severity: "CRITICAL",
    regex: /(?<![A-Za-z0-9_])(?<secret>gh[pousr]_[A-Za-z0-9]{36,251})(?![A-Za-z0-9_])/,
    keywords: ["ghp_", "gho_", "ghu_", "ghs_", "ghr_"],
  },
  {
    id: "github-fine-grained-pat",
    category: "GitHub",
    title: "GitHub fine-grained personal access token",
    severity: "CRITICAL",
    regex: /(?<![A-Za-z0-9_])(?<secret>github_pat_[A-Za-z0-9_]{82})(?![A-Za-z0-9_])/,
    keywords: ["github_pat_"],
  },
  {
    id: "gitlab-token",
    category: "GitLab",
    title: "GitLab token",
    severity: "CRITICAL",
    regex: /(?<![A-Za-z0-9_-])(?<secret>gl(?:pat|dt|rt|ptt|cbt|soat|ft)-[A-Za-z0-9_-]{20,})(?![A-Za-z0-9_-])/,
    keywords: ["glpat-", "gldt-", "glrt-", "glptt-", "glcbt-", "glsoat-", "glft-"],
  },
  {
    id: "slack-token",
    category: "Slack",
    title: "Slack token",
    severity: "HIGH",
    regex: /(?<![A-Za-z0-9])(?<secret>xox[abpres]-[0-9]{6,}-[0-9A-Za-z-]{8,})(?![A-Za-z0-9-])/,
    keywords: ["xoxa-", "xoxb-", "xoxp-", "xoxr-", "xoxe-", "xoxs-"],
  },
  {
    id: "slack-webhook",
    category: "Slack",
    title: "Slack incoming webhook URL",
    severity: "MEDIUM",
    regex: /hooks\.slack\.com\/(?:services|workflows)\/(?<secret>T[A-Z0-9]{6,}\/[AB][A-Z0-9]{6,}\/[A-Za-z0-9]{20,})/,
    keywords: ["hooks.slack.com"],
  },
  {
    id: "stripe-secret-key",
    category: "Stripe",
    title: "Stripe secret or restricted key",
    severity: "CRITICAL",
    regex: /(?<![A-Za-z0-9_])(?<secret>(?:sk|rk)_(?:live|test)_[0-9A-Za-z]{24,247})(?![A-Za-z0-9_])/,
    keywords: ["sk_live_", "sk_test_", "rk_live_", "rk_test_"],
  },
  {
    id: "npm-access-token",
    category: "npm",
    title: "npm access token",
    severity: "CRITICAL",
    regex: /(?<![A-Za-z0-9_])(?<secret>npm_[A-Za-z0-9]{36})(?![A-Za-z0-9_])/,
    keywords: ["npm_"],
  },
  {
    id: "npmrc-auth",
    category: "npm",
    title: "Registry credentials in .npmrc",
    severity: "HIGH",
    regex: /(?:^|:)_(?:authToken|auth|password)\s*=\s*["']?(?<secret>[^\s"']{8,})/im,
    keywords: ["_authtoken", "_auth", "_password"],
    paths: [/(?:^|\/)\.?npmrc$/],
    allowSecrets: [placeholder],
  },
  {
    id: "pypi-token",
    category: "PyPI",
    title: "PyPI upload token",
    severity: "CRITICAL",
    regex: /(?<![A-Za-z0-9_-])(?<secret>pypi-AgEIcHlwaS5vcmc[A-Za-z0-9_-]{50,})/,
    keywords: ["pypi-ageichlwas5vcmc"],
  },
  {
    id: "pypirc-password",
    category: "PyPI",
    title: "Password in .pypirc",
    severity: "HIGH",
    regex: /^\s*password\s*[:=]\s*(?<secret>\S{6,})\s*$/im,
    keywords: ["password"],
    paths: [/(?:^|\/)\.pypirc$/],
    allowSecrets: [placeholder],
  },
  {
    id: "docker-config-auth",
    category: "Docker",
    title: "Registry credentials in Docker config.json",
    severity: "HIGH",
    regex: /"(?:auth|identitytoken|registrytoken)"\s*:\s*"(?<secret>[A-Za-z0-9+/=._-]{12,})"/i,
    keywords: ["\"auth\"", "\"identitytoken\"", "\"registrytoken\""],
    paths: [/(?:^|\/)\.docker\/config\.json$/, /(?:^|\/)\.dockercfg$/, /(?:^|\/)containers\/auth\.json$/],
  },
];
