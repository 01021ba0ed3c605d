// Runs one operation with graphql-request and reports what the application sees.
//
// request() resolves with data alone; a response with errors rejects with
// ClientError whose .response holds data, errors and the HTTP status. With the
// client option errorPolicy "all", rawRequest() resolves with data and errors.
import { ClientError, GraphQLClient } from "graphql-request";

import { parseArgs, report } from "./cli.mjs";

const { url, source, variables, errorPolicy } = parseArgs();
const client = new GraphQLClient(url, { errorPolicy });
try {
  if (errorPolicy === "all") {
    const { data, errors, status } = await client.rawRequest(source, variables);
    report({ data: data ?? null, errors: errors ?? null, status });
  } else {
    report({ data: await client.request(source, variables) });
  }
} catch (error) {
  if (!(error instanceof ClientError)) throw error;
  const { data, errors, status } = error.response;
  report({ thrown: { kind: "ClientError", status, data: data ?? null, errors: errors ?? null } });
}
