// Runs one operation with Apollo Client and reports what the application sees.
//
// Apollo Client 4's root entry point is its framework-free core (React lives in
// @apollo/client/react). With errorPolicy "none" (its default) a GraphQL error
// rejects with CombinedGraphQLErrors carrying .errors and .data; with "all" the
// promise resolves with the partial data and that error in result.error.
import { ApolloClient, CombinedGraphQLErrors, HttpLink, InMemoryCache, gql } from "@apollo/client";

import { parseArgs, report } from "./cli.mjs";

function describe(error) {
  if (!error) return null;
  if (!CombinedGraphQLErrors.is(error)) return { kind: error.name, message: error.message };
  return { kind: "CombinedGraphQLErrors", data: error.data ?? null, errors: error.errors };
}

const { url, source, variables, errorPolicy } = parseArgs();
const client = new ApolloClient({ link: new HttpLink({ uri: url }), cache: new InMemoryCache() });
const document = gql(source);
const isMutation = document.definitions.some((d) => d.operation === "mutation");
try {
  const result = isMutation
    ? await client.mutate({ mutation: document, variables, errorPolicy })
    : await client.query({ query: document, variables, errorPolicy });
  report({ data: result.data ?? null, error: describe(result.error) });
} catch (error) {
  report({ thrown: describe(error) });
}
