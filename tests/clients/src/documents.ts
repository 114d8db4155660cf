// The operations of ../operations/*.graphql by name, and a typed fetch of them: the way a
// frontend without a GraphQL client library calls the API.
import { readFileSync, readdirSync } from "node:fs";
import { parse, print, type OperationDefinitionNode } from "graphql";

const folder = new URL("../operations/", import.meta.url);

/** Every operation's document, by its name. */
export const documents: Map<string, string> = new Map();
for (const file of readdirSync(folder)) {
  const parsed = parse(readFileSync(new URL(file, folder), "utf8"));
  for (const definition of parsed.definitions) {
    const operation = definition as OperationDefinitionNode;
    if (operation.kind === "OperationDefinition" && operation.name) {
      documents.set(operation.name.value, print(operation));
    }
  }
}

/** The server's URL (`http://127.0.0.1:PORT`), given by the runner. */
export const server: string = process.env.DEALGRAPH_URL ?? "http://127.0.0.1:8000";

/** An answer with errors, as an exception that shows them. */
export class GraphqlErrors extends Error {
  constructor(readonly errors: { message: string; extensions?: { code?: string } }[]) {
    super(errors.map((e) => `${e.extensions?.code}: ${e.message}`).join("; "));
  }
}

/** Runs the operation `name` with `variables` over HTTP, as `Accept-Language: locale`. */
export async function run<Data, Variables>(
  name: string,
  variables: Variables,
  options: { token?: string; locale?: string } = {},
): Promise<Data> {
  const query = documents.get(name);
  if (!query) throw new Error(`no operation ${name}`);
  const headers: Record<string, string> = {
    "content-type": "application/json",
    accept: "application/graphql-response+json",
  };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  if (options.locale) headers["accept-language"] = options.locale;
  const response = await fetch(`${server}/graphql`, {
    method: "POST",
    headers,
    body: JSON.stringify({ query, variables, operationName: name }),
  });
  const body = (await response.json()) as { data?: Data; errors?: GraphqlErrors["errors"] };
  if (body.errors?.length) throw new GraphqlErrors(body.errors);
  if (!body.data) throw new Error(`${name}: no data (HTTP ${response.status})`);
  return body.data;
}

/** Fails with `message` unless `condition` holds. */
export function check(condition: unknown, message: string): asserts condition {
  if (!condition) throw new Error(message);
}
