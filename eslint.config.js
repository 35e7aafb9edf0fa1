import js from "@eslint/js";
import tseslint from "typescript-eslint";

const restrictedSyntax = [
  { selector: "TSEnumDeclaration", message: "Use string unions, not enums." },
  { selector: "ExportDefaultDeclaration", message: "Use named exports." },
  { selector: "MemberExpression[object.name='process'][property.name='exit']", message: "Only src/cli may exit." },
];

/** The environment reaches the pipeline as ScanOptions and ScanHooks, built by the CLI (tests set their own). */
const noEnv = {
  selector: "MemberExpression[object.name='process'][property.name='env']",
  message: "Only src/cli reads the environment: the pipeline gets ScanOptions and ScanHooks.",
};

/** An image or SBOM decides how long lists are; past ~100,000 items a spread into a call overflows the stack. */
const noSpreadIntoCall = {
  selector: "CallExpression[callee.property.name=/^(push|unshift|max|min|fromCharCode|fromCodePoint)$/] > SpreadElement",
  message: "Spreading a list into a call overflows the stack on long lists: use pushAll/maxOf (src/util/array.ts) or a loop.",
};

/** zod throws out of safeParse on some hostile values (src/util/schema.ts): the code calls the wrapper. */
const noDirectSafeParse = {
  selector: "CallExpression[callee.type='MemberExpression'][callee.property.name='safeParse']",
  message: "Call safeParse(schema, value) from src/util/schema.ts: zod's own throws on some hostile values.",
};

export const config = tseslint.config(
  { ignores: ["dist/**", "node_modules/**", "coverage/**", "**/testdata/**", ".tmp/**", ".demo/**"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ["**/*.ts"],
    rules: {
      "@typescript-eslint/no-explicit-any": "error",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "no-console": "error",
      "no-restricted-syntax": ["error", ...restrictedSyntax, noSpreadIntoCall, noEnv, noDirectSafeParse],
    },
  },
  {
    files: ["src/util/schema.ts"],
    rules: { "no-restricted-syntax": ["error", ...restrictedSyntax, noSpreadIntoCall, noEnv] },
  },
  {
    // Tests build their own small inputs.
    files: ["**/*.test.ts", "src/**/testing.ts"],
    rules: { "no-restricted-syntax": ["error", ...restrictedSyntax] },
  },
  {
    files: ["src/cli/**/*.ts", "bench/**/*.ts", "scripts/**", "test/**"],
    rules: { "no-console": "off", "no-restricted-syntax": "off" },
  },
  {
    files: ["**/*.js", "**/*.mjs"],
    languageOptions: { globals: { process: "readonly", console: "readonly", URL: "readonly", Buffer: "readonly" } },
    rules: { "@typescript-eslint/no-unused-vars": ["error", { varsIgnorePattern: "^_", argsIgnorePattern: "^_" }] },
  },
  {
    // Declarations for untyped CommonJS packages must mirror their default export.
    files: ["src/types/*.d.ts"],
    rules: { "no-restricted-syntax": "off" },
  },
);

// eslint's flat config loader wants the default export
export { config as default };
