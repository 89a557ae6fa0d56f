import { ConfigError } from '../errors.ts';
import type { BootstrapTracker, JiraFieldSummary } from '../tracker/issue-tracker.ts';
import { NUMBER_FIELD_TYPE, SAVINGS_FIELDS, type SavingsFieldKey } from '../tracker/savings-field-definitions.ts';

/** What happened to one savings field. `id` is undefined only for `would-create` (dry run). */
export interface FieldOutcome {
  key: SavingsFieldKey;
  name: string;
  id: string | undefined;
  outcome: 'exists' | 'created' | 'would-create';
  /** How an existing field was found: the configured id (`jira.fields.<key>`) or its name. */
  foundBy?: 'configured-id' | 'name';
  /** A problem an admin should look at (e.g. the existing field is not a number field). */
  warning?: string;
}

/** Field ids already set in lakewarden.yaml (`jira.fields`). */
export type ConfiguredFieldIds = Partial<Record<SavingsFieldKey, string | undefined>>;

/** Names compare case-insensitively with whitespace collapsed (Jira keeps the case an admin typed). */
function sameName(a: string, b: string): boolean {
  const norm = (s: string) => s.trim().replace(/\s+/g, ' ').toLowerCase();
  return norm(a) === norm(b);
}

function existingOutcome(
  key: SavingsFieldKey,
  found: JiraFieldSummary,
  foundBy: 'configured-id' | 'name',
  sameNamed: number,
): FieldOutcome {
  const warnings: string[] = [];
  if (found.customType !== NUMBER_FIELD_TYPE) {
    warnings.push(`is of type ${found.customType ?? 'unknown'}, not a number field (${NUMBER_FIELD_TYPE})`);
  }
  if (sameNamed > 1) warnings.push(`${sameNamed} fields share this name; using ${found.id}`);
  return {
    key,
    name: found.name,
    id: found.id,
    outcome: 'exists',
    foundBy,
    ...(warnings.length > 0 && { warning: warnings.join('; ') }),
  };
}

/**
 * Finds each savings number field and creates the missing ones when `apply` is true (idempotent: an existing field
 * is reused, never duplicated). A field whose id is configured (`jira.fields.estimatedSavings` /
 * `verifiedSavings`) is that field, whatever its name; otherwise the field is found by its name, compared
 * case-insensitively with whitespace collapsed.
 * @throws ConfigError (exit 2) when a configured id names no field of the site (nothing is created: the
 *   configuration must be fixed first).
 */
export async function ensureSavingsFields(
  jira: BootstrapTracker,
  apply: boolean,
  configured: ConfiguredFieldIds = {},
): Promise<FieldOutcome[]> {
  const existing = await jira.listFields();
  for (const definition of SAVINGS_FIELDS) {
    const configuredId = configured[definition.configKey];
    if (configuredId !== undefined && !existing.some((f) => f.id === configuredId)) {
      throw new ConfigError(
        `jira.fields.${definition.configKey} is ${configuredId} but Jira has no field with that id: set it to the id of the "${definition.name}" number field, or remove it to let jira bootstrap find or create the field`,
      );
    }
  }
  const outcomes: FieldOutcome[] = [];
  for (const definition of SAVINGS_FIELDS) {
    const byId = existing.find((f) => f.id === configured[definition.configKey]);
    if (byId !== undefined) {
      outcomes.push(existingOutcome(definition.configKey, byId, 'configured-id', 1));
      continue;
    }
    const matches = existing.filter((f) => f.custom && sameName(f.name, definition.name));
    const found = matches[0];
    if (found !== undefined) {
      outcomes.push(existingOutcome(definition.configKey, found, 'name', matches.length));
      continue;
    }
    if (!apply) {
      outcomes.push({ key: definition.configKey, name: definition.name, id: undefined, outcome: 'would-create' });
      continue;
    }
    const id = await jira.createNumberField(definition.name, definition.description);
    outcomes.push({ key: definition.configKey, name: definition.name, id, outcome: 'created' });
  }
  return outcomes;
}
