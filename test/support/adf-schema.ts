import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Ajv } from 'ajv';

/**
 * A validator for Atlassian Document Format against the published JSON schema
 * (`@atlaskit/adf-schema` json-schema/v1/full.json, draft-04). `ajv-draft-04` is not installed, so the
 * schema's `$schema` is dropped and Ajv 8 compiles it in non-strict mode: the schema uses no draft-04-only
 * keyword (no boolean exclusiveMinimum/Maximum, no `id` keyword), which test/unit/tickets/adf-schema.test.ts
 * checks against the valid and invalid examples of test/fixtures/jira/adf-examples.json.
 */
const require = createRequire(import.meta.url);
const schemaPath = require.resolve('@atlaskit/adf-schema/json-schema/v1/full.json');
const { $schema: _draft, ...schema } = JSON.parse(readFileSync(schemaPath, 'utf8')) as Record<string, unknown>;
const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false });
const validate = ajv.compile(schema);

/** Returns the schema errors of an ADF document as readable lines; empty when it is valid. */
export function adfSchemaErrors(doc: unknown): string[] {
  if (validate(doc)) return [];
  return (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? ''}`);
}
