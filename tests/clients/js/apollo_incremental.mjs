// Runs one query with @defer or @stream through Apollo Client and reports each step.
//
//   node apollo_incremental.mjs GATEWAY_URL DOCUMENT_TEXT [VARIABLES_JSON]
//
// Apollo Client 4 reads answers in parts through an incremental handler;
// Defer20220824Handler sends "Accept: multipart/mixed;deferSpec=20220824" and
// merges each part. The script reports the raw payloads its HttpLink read (a
// link in front of it records them), and what the application saw from
// watchQuery at each step: "streaming" while parts are still coming, then
// "complete".
import { ApolloClient, ApolloLink, HttpLink, InMemoryCache, gql } from "@apollo/client";
import { Defer20220824Handler } from "@apollo/client/incremental";
import { tap } from "rxjs";

import { report } from "./cli.mjs";

const [url, source, variables = "{}"] = process.argv.slice(2);
if (!url || !source) throw new Error("usage: apollo_incremental.mjs GATEWAY_URL DOCUMENT [VARIABLES_JSON]");

const payloads = [];
const recorder = new ApolloLink((operation, forward) =>
  forward(operation).pipe(tap((result) => payloads.push(structuredClone(result)))),
);
const client = new ApolloClient({
  link: ApolloLink.from([recorder, new HttpLink({ uri: url })]),
  cache: new InMemoryCache(),
  incrementalHandler: new Defer20220824Handler(),
});

const steps = [];
const final = await new Promise((resolve, reject) => {
  const watched = client.watchQuery({
    query: gql(source),
    variables: JSON.parse(variables),
    errorPolicy: "all",
    fetchPolicy: "no-cache",
  });
  const subscription = watched.subscribe({
    next(result) {
      if (result.loading && result.dataState !== "streaming") return;
      steps.push({
        dataState: result.dataState,
        data: result.data ?? null,
        errors: result.error?.errors ?? null,
      });
      if (result.dataState === "complete") {
        subscription.unsubscribe();
        resolve(steps.at(-1));
      }
    },
    error: reject,
  });
});
report({ payloads, steps: steps.map((step) => step.dataState), final });
