// Apollo Client with a normalised InMemoryCache (possibleTypes from the schema's own
// introspection) reads a detail page and a search, and then the same from its cache: no
// warning or error may be logged on the way (missing fields, unknown union members, ids
// that do not normalise).
import { ApolloClient, HttpLink, InMemoryCache } from "@apollo/client";
import { parse } from "graphql";
import type * as Op from "../generated/operations";
import { check, documents, server } from "./documents";

const complaints: string[] = [];
for (const level of ["warn", "error"] as const) {
  const original = console[level];
  console[level] = (...args: unknown[]) => {
    complaints.push(args.map(String).join(" "));
    original(...args);
  };
}

// Which types each union and interface may be, as Apollo's documentation asks.
const introspection = await fetch(`${server}/graphql`, {
  method: "POST",
  headers: { "content-type": "application/json" },
  body: JSON.stringify({ query: "{ __schema { types { kind name possibleTypes { name } } } }" }),
}).then((r) => r.json() as Promise<{ data: { __schema: { types: { kind: string; name: string; possibleTypes: { name: string }[] | null }[] } } }>);
const possibleTypes: Record<string, string[]> = {};
for (const type of introspection.data.__schema.types) {
  if (type.possibleTypes) possibleTypes[type.name] = type.possibleTypes.map((t) => t.name);
}
check(possibleTypes.SearchResult?.includes("Agreement"), "SearchResult's members");

const client = new ApolloClient({
  link: new HttpLink({ uri: `${server}/graphql` }),
  cache: new InMemoryCache({ possibleTypes }),
});
const document = (name: string) => {
  const text = documents.get(name);
  check(text, `operation ${name}`);
  return parse(text);
};

const detail = await client.query<Op.CompanyDetailQuery, Op.CompanyDetailQueryVariables>({
  query: document("CompanyDetail"),
  variables: { slug: "alibaba-group" },
});
check(detail.data?.company?.name === "Alibaba Group", "the detail page");
const search = await client.query<Op.SearchQuery, Op.SearchQueryVariables>({
  query: document("Search"),
  variables: { query: "Alibaba", first: 10, locale: "en" },
});
check((search.data?.search.edges.length ?? 0) > 0, "search hits");
// The same again, answered by the cache alone.
const cached = await client.query<Op.CompanyDetailQuery, Op.CompanyDetailQueryVariables>({
  query: document("CompanyDetail"),
  variables: { slug: "alibaba-group" },
  fetchPolicy: "cache-only",
});
check(cached.data?.company?.en === detail.data?.company?.en, "the cache answers the detail page");
check(complaints.length === 0, `Apollo complained: ${complaints.join(" | ")}`);
console.log("Apollo Client: detail page and search read and cached, no warnings");
