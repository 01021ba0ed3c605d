// Runs one query twice through Apollo Client's persisted-query link (APQ) and
// prints, as one JSON line, every HTTP request the link made and both results.
//
// Usage: node apq.mjs <url> <get|post>
// Each run uses a fresh client with no cache, so both runs reach the gateway:
// the first should go hash-only -> PersistedQueryNotFound -> hash + query; the
// second hash-only, answered from the gateway's store.
import { createHash } from "node:crypto";

import { ApolloClient, HttpLink, InMemoryCache, gql } from "@apollo/client";
import { PersistedQueryLink } from "@apollo/client/link/persisted-queries";

const [url, method] = process.argv.slice(2);
const requests = [];

async function recordingFetch(input, init) {
  const target = new URL(typeof input === "string" ? input : input.url);
  let params;
  if ((init?.method ?? "GET") === "GET") {
    params = Object.fromEntries(target.searchParams);
    if (params.extensions) params.extensions = JSON.parse(params.extensions);
  } else {
    params = JSON.parse(init.body);
  }
  const response = await fetch(input, init);
  requests.push({
    method: init?.method ?? "GET",
    hasQuery: typeof params.query === "string",
    hash: params.extensions?.persistedQuery?.sha256Hash ?? null,
    status: response.status,
  });
  return response;
}

const sha256 = (text) => createHash("sha256").update(text).digest("hex");
// Named after the method, so the GET run does not find the POST run's registration.
const query = gql(`query ApolloApq_${method} { invoicingAccount { id name } }`);

const results = [];
for (let run = 0; run < 2; run += 1) {
  const link = new PersistedQueryLink({ sha256, useGETForHashedQueries: method === "get" }).concat(
    new HttpLink({ uri: url, fetch: recordingFetch, useGETForQueries: method === "get" }),
  );
  const client = new ApolloClient({ link, cache: new InMemoryCache() });
  const result = await client.query({ query, fetchPolicy: "no-cache" });
  results.push(result.data ?? null);
}
console.log(JSON.stringify({ requests, results }));
