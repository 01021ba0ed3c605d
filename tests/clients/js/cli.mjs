// What every client script shares: its command line and its one line of JSON output.
//
//   node SCRIPT.mjs GATEWAY_URL OPERATION VARIABLES_JSON [ERROR_POLICY]
//
// OPERATION names a file in ../operations without its suffix: the Python tests and
// the generated typed client run those same documents, so every client sends the
// same requests.
import { readFileSync } from "node:fs";

export function parseArgs(argv = process.argv.slice(2)) {
  const [url, operation, variables = "{}", errorPolicy = "none"] = argv;
  if (!url || !operation) {
    throw new Error("usage: SCRIPT.mjs GATEWAY_URL OPERATION [VARIABLES_JSON] [ERROR_POLICY]");
  }
  const file = new URL(`../operations/${operation}.graphql`, import.meta.url);
  return {
    url,
    source: readFileSync(file, "utf8"),
    variables: JSON.parse(variables),
    errorPolicy,
  };
}

// One JSON line on stdout, the last one: libraries may log, but only to stderr.
export function report(summary) {
  process.stdout.write(`${JSON.stringify(summary)}\n`);
}
