// Usage: node tests/js/same_tokens.mjs <original> <served>: exits 1, naming the first difference, unless the
// two scripts are the same program token for token (comments aside). Used by tests/test_static_files.py;
// espree is ESLint's parser, installed for the tests only.
import fs from "node:fs";
import * as espree from "espree";

const options = { ecmaVersion: "latest", sourceType: "module" };
const [original, served] = process.argv.slice(2).map((file) =>
  espree.tokenize(fs.readFileSync(file, "utf8"), options).map((token) => `${token.type} ${token.value}`));
const at = original.findIndex((token, index) => token !== served[index]);
if (at !== -1 || original.length !== served.length) {
  const where = at === -1 ? Math.min(original.length, served.length) : at;
  console.log(`first difference at token ${where}: ${original[where]} / ${served[where]}`);
  process.exit(1);
}
