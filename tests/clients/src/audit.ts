// graphql-http's audit of the server against the GraphQL-over-HTTP specification: no error
// and no warning (a notice is a MAY the server chose not to take, and is printed).
import { auditServer } from "graphql-http";
import { server } from "./documents";

const results = await auditServer({ url: `${server}/graphql` });
const failed = results.filter((r) => r.status === "error" || r.status === "warn");
for (const result of results.filter((r) => r.status !== "ok")) {
  const response = "response" in result ? result.response : undefined;
  console.log(`${result.status.toUpperCase()} ${result.id} ${result.name}: ${result.reason}`);
  if (response) console.log(`  ${response.status} ${response.headers.get("content-type")}`);
}
const count = (status: string) => results.filter((r) => r.status === status).length;
console.log(
  `graphql-http audit: ${count("ok")} ok, ${count("error")} errors, ${count("warn")} warnings, ` +
    `${count("notice")} notices, of ${results.length} checks`,
);
if (failed.length > 0) process.exit(1);
