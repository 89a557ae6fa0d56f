import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { adfSchemaErrors } from '../../support/adf-schema.ts';

const examples = JSON.parse(
  readFileSync(new URL('../../fixtures/jira/adf-examples.json', import.meta.url), 'utf8'),
) as { valid: Record<string, unknown>; invalid: Record<string, unknown> };

describe('ADF schema validator (Ajv 8 on the draft-04 schema)', () => {
  it.each(Object.entries(examples.valid))('accepts the valid example %s', (_name, doc) => {
    expect(adfSchemaErrors(doc)).toEqual([]);
  });

  it.each(Object.entries(examples.invalid))('rejects the invalid example %s', (_name, doc) => {
    expect(adfSchemaErrors(doc)).not.toEqual([]);
  });
});
