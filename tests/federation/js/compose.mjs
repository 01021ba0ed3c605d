// Compose subgraphs into a supergraph with one of two real composition libraries.
//   node compose.mjs apollo|guild < subgraphs.json > supergraph.graphql
// stdin: [{"name": ..., "url": ..., "sdl": ...}, ...]. Prints the supergraph SDL;
// on failure prints each composition error on stderr and exits 1.
import { readFileSync } from "node:fs";
import { parse } from "graphql";

const library = process.argv[2];
const subgraphs = JSON.parse(readFileSync(0, "utf8"));
const services = subgraphs.map(({ name, url, sdl }) => ({ name, url, typeDefs: parse(sdl) }));

let result;
if (library === "apollo") {
  const { composeServices } = await import("@apollo/composition");
  result = composeServices(services);
} else if (library === "guild") {
  const { composeServices } = await import("@theguild/federation-composition");
  result = composeServices(services);
} else {
  console.error(`usage: node compose.mjs apollo|guild < subgraphs.json`);
  process.exit(2);
}

if (result.errors && result.errors.length > 0) {
  for (const error of result.errors) console.error(error.message);
  process.exit(1);
}
process.stdout.write(result.supergraphSdl);
