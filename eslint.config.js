import js from "@eslint/js";
import tseslint from "typescript-eslint";

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
      "no-restricted-syntax": [
        "error",
        { selector: "TSEnumDeclaration", message: "Use string unions, not enums." },
        { selector: "ExportDefaultDeclaration", message: "Use named exports." },
        { selector: "MemberExpression[object.name='process'][property.name='exit']", message: "Only src/cli may exit." },
        {
          selector: "MemberExpression[object.name='process'][property.name='env']",
          message: "Only src/cli reads the environment: the pipeline gets ScanOptions and ScanHooks.",
        },
      ],
    },
  },
  {
    files: ["src/cli/**/*.ts", "bench/**/*.ts", "scripts/**", "test/**", "src/**/*.test.ts", "src/**/testing.ts"],
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
