// ESLint flat config for the browser scripts (static/js) and their node tests
// (tests/js). No build step: the scripts are ES modules served as they are.
import js from "@eslint/js";
import globals from "globals";

export default [
  { ignores: ["static/vendor/**", "tests/browser/vendor/**", "benchmarks/**", "node_modules/**", ".venv/**", "instance/**", "artifacts/**"] },
  js.configs.recommended,
  {
    files: ["static/js/**/*.js"],
    languageOptions: {
      ecmaVersion: 2022,
      sourceType: "module",
      globals: { ...globals.browser },
    },
    rules: {
      "no-unused-vars": ["error", { args: "after-used", argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrors: "none" }],
      eqeqeq: ["error", "smart"],
      "no-var": "error",
      "prefer-const": "error",
    },
  },
  {
    files: ["tests/js/**/*.mjs", "eslint.config.mjs"],
    languageOptions: { ecmaVersion: 2022, sourceType: "module", globals: { ...globals.node } },
  },
];
