/**
 * Secret settings from the config file (validated with zod): custom rules, allow rules, disabled rules,
 * size limit. Regexes are compiled here so that a bad pattern is an INVALID_CONFIG error naming the rule.
 */
import { z } from "zod";
import { DredgeError } from "../../errors.js";
import { severities } from "../../model/finding.js";
import { builtinAllowRules, builtinSecretRules } from "./builtin.js";
import type { SecretAllowRule, SecretRule, SecretRuleSet } from "./types.js";
import { DEFAULT_MAX_SECRET_FILE_SIZE } from "./types.js";
import { safeParse } from "../../util/schema.js";

const severity = z.enum(severities as [string, ...string[]]);

const ruleSchema = z.object({
  id: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/),
  category: z.string().min(1).max(64).default("Custom"),
  title: z.string().min(1).max(200),
  severity: severity.default("HIGH"),
  regex: z.string().min(1).max(4096),
  keywords: z.array(z.string().min(1).max(64)).max(64).default([]),
  entropy: z.number().min(0).max(8).optional(),
  paths: z.array(z.string().max(1024)).max(64).optional(),
  allowPaths: z.array(z.string().max(1024)).max(64).optional(),
});

const allowSchema = z
  .object({
    id: z.string().min(1).max(64),
    description: z.string().max(500).optional(),
    path: z.string().max(1024).optional(),
    regex: z.string().max(4096).optional(),
  })
  .refine((a) => a.path !== undefined || a.regex !== undefined, { message: "an allow rule needs `path` or `regex`" });

export const secretConfigSchema = z.object({
  rules: z.array(ruleSchema).max(500).default([]),
  allowRules: z.array(allowSchema).max(500).default([]),
  disableRules: z.array(z.string()).default([]),
  disableAllowRules: z.array(z.string()).default([]),
  maxFileSize: z.number().int().positive().max(1024 ** 3).default(DEFAULT_MAX_SECRET_FILE_SIZE),
});

export type SecretConfigInput = z.input<typeof secretConfigSchema>;

/** Built-in rules plus the config's; `source` names the config file in errors. */
export function secretRuleSet(config: unknown = {}, source = "secret configuration"): SecretRuleSet {
  const parsed = safeParse(secretConfigSchema, config ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue ? `${issue.path.join(".") || "(root)"}: ${issue.message}` : "invalid";
    throw new DredgeError("INVALID_CONFIG", `${source}: secret settings ${where}`, {
      hint: "See docs/scanners.md for the secret rule format.",
    });
  }
  const c = parsed.data;
  const disabled = new Set(c.disableRules);
  const custom: SecretRule[] = c.rules.map((r) => ({
    id: r.id,
    category: r.category,
    title: r.title,
    severity: r.severity as SecretRule["severity"],
    regex: compile(r.regex, `rule ${r.id}`, source, true),
    keywords: r.keywords.map((k) => k.toLowerCase()),
    entropy: r.entropy,
    paths: r.paths?.map((p) => compile(p, `rule ${r.id} path`, source)),
    allowPaths: r.allowPaths?.map((p) => compile(p, `rule ${r.id} allowPath`, source)),
  }));
  const rules = [...builtinSecretRules.filter((r) => !disabled.has(r.id)), ...custom];
  const noAllow = new Set(c.disableAllowRules);
  const allow: SecretAllowRule[] = [
    ...builtinAllowRules.filter((a) => !noAllow.has(a.id)),
    ...c.allowRules.map((a) => ({
      id: a.id,
      description: a.description,
      path: a.path === undefined ? undefined : compile(a.path, `allow rule ${a.id} path`, source),
      regex: a.regex === undefined ? undefined : compile(a.regex, `allow rule ${a.id} regex`, source),
    })),
  ];
  return { rules, allow, maxFileSize: c.maxFileSize };
}

function compile(pattern: string, what: string, source: string, needsSecretGroup = false): RegExp {
  let re: RegExp;
  try {
    re = new RegExp(pattern);
  } catch (err) {
    throw new DredgeError("INVALID_CONFIG", `${source}: ${what}: invalid regular expression: ${(err as Error).message}`);
  }
  if (needsSecretGroup && !/\(\?<secret>/.test(pattern)) {
    throw new DredgeError("INVALID_CONFIG", `${source}: ${what}: the regex needs a named group (?<secret>…)`, {
      hint: "Put the part to mask in (?<secret>…).",
    });
  }
  return re;
}
