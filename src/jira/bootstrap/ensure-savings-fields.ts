import type { BootstrapJira } from './bootstrap-jira.ts';
import { NUMBER_FIELD_TYPE, SAVINGS_FIELDS, type SavingsFieldKey } from './savings-field-definitions.ts';

/** What happened to one savings field. `id` is undefined only for `would-create` (dry run). */
export interface FieldOutcome {
  key: SavingsFieldKey;
  name: string;
  id: string | undefined;
  outcome: 'exists' | 'created' | 'would-create';
  /** A problem an admin should look at (e.g. the existing field is not a number field). */
  warning?: string;
}

/**
 * Finds each savings number field by exact name (idempotent: an existing field is reused, never duplicated)
 * and creates the missing ones when `apply` is true.
 */
export async function ensureSavingsFields(jira: BootstrapJira, apply: boolean): Promise<FieldOutcome[]> {
  const existing = await jira.listFields();
  const outcomes: FieldOutcome[] = [];
  for (const definition of SAVINGS_FIELDS) {
    const matches = existing.filter((f) => f.custom && f.name === definition.name);
    const found = matches[0];
    if (found !== undefined) {
      const warnings: string[] = [];
      if (found.customType !== NUMBER_FIELD_TYPE) {
        warnings.push(`is of type ${found.customType ?? 'unknown'}, not a number field (${NUMBER_FIELD_TYPE})`);
      }
      if (matches.length > 1) warnings.push(`${matches.length} fields share this name; using ${found.id}`);
      outcomes.push({
        key: definition.configKey,
        name: definition.name,
        id: found.id,
        outcome: 'exists',
        ...(warnings.length > 0 && { warning: warnings.join('; ') }),
      });
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
