// A federation router: @apollo/gateway over a composed supergraph, in @apollo/server.
//   node router.mjs supergraph.graphql
// Listens on 127.0.0.1, a free port; prints its URL as the first line of stdout.
import { readFileSync } from "node:fs";
import { ApolloGateway } from "@apollo/gateway";
import { ApolloServer } from "@apollo/server";
import { startStandaloneServer } from "@apollo/server/standalone";

const supergraphSdl = readFileSync(process.argv[2], "utf8");
const gateway = new ApolloGateway({ supergraphSdl });
const server = new ApolloServer({ gateway, introspection: false });
const { url } = await startStandaloneServer(server, { listen: { host: "127.0.0.1", port: 0 } });
console.log(url);

// The test stops the router with SIGTERM; close the server so the port is freed.
process.on("SIGTERM", async () => {
  await server.stop();
  process.exit(0);
});
