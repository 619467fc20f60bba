/**
 * The JSON schemas generated from the one profile definition (src/core/profile/definition.ts):
 * the items of the `oauthWorkbench.profiles` setting in package.json, and the schema of the
 * shared client file `.vscode/oauth-clients.json` (schemas/oauth-clients.schema.json,
 * contributed through `jsonValidation`). `npm run schemas` writes them;
 * test/unit/profile-definition.test.ts fails when the committed copies drift.
 */
import { toJsonSchema } from '@valibot/to-json-schema';
import type * as v from 'valibot';
import { CLIENT_FILE_ENTRY, SETTINGS_ENTRY } from '../src/core/profile/definition';

type JsonSchema = Record<string, unknown>;

/** The schema of one entry: closed (editors flag unknown and secret fields), endpoints too. */
function entrySchema(schema: v.GenericSchema): JsonSchema {
  // Custom checks and transforms have no JSON Schema form: the parser still runs them.
  const out = toJsonSchema(schema, { errorMode: 'ignore' }) as JsonSchema;
  delete out.$schema;
  out.additionalProperties = false;
  const props = out.properties as Record<string, JsonSchema>;
  const endpoints = props.endpoints;
  if (endpoints) endpoints.additionalProperties = false;
  return out;
}

/** `contributes.configuration.properties["oauthWorkbench.profiles"].items` of package.json. */
export function settingsItemsSchema(): JsonSchema {
  return entrySchema(SETTINGS_ENTRY);
}

export const CLIENT_FILE_FORMAT = 'oauth-workbench.clients';

/** schemas/oauth-clients.schema.json. */
export function clientFileSchema(): JsonSchema {
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    $id: 'https://oauth-workbench.invalid/schemas/oauth-clients.schema.json',
    title: 'OAuth Workbench shared clients',
    description:
      "A team's OAuth clients, committed with the project (for example .vscode/oauth-clients.json). Secret-free: each person keeps the client secret or private key in VS Code's secret storage (OAuth: Set Client Secret / Set Private Key), bound to the issuer's origin; the CLI reads them from environment variables or files.",
    type: 'object',
    required: ['clients'],
    additionalProperties: false,
    properties: {
      $schema: { type: 'string' },
      format: { const: CLIENT_FILE_FORMAT, description: 'Identifies the file.' },
      version: { const: 1 },
      clients: {
        type: 'array',
        description: 'The clients. Each id (or name) must be unique in the file.',
        items: entrySchema(CLIENT_FILE_ENTRY),
      },
    },
  };
}
