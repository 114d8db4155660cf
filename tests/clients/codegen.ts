// GraphQL Code Generator: the schema's types in one file, the operations' types in another
// that imports them (as a frontend keeps them), from the checked-in schema.graphql.
import type { CodegenConfig } from "@graphql-codegen/cli";

const scalars = { PartialDate: "string", JSON: "unknown" };

const config: CodegenConfig = {
  schema: "../../schema.graphql",
  documents: "operations/*.graphql",
  generates: {
    "generated/schema-types.ts": {
      plugins: ["typescript"],
      config: { enumsAsTypes: true, scalars, strictScalars: true },
    },
    "generated/operations.ts": {
      preset: "import-types",
      presetConfig: { typesPath: "./schema-types" },
      plugins: ["typescript-operations"],
      config: { enumsAsTypes: true, scalars, strictScalars: true },
    },
  },
};

export default config;
