import { extractNumbers, isFaithful, type StatedNumber } from './extract-numbers.ts';
import { KNOWN_CONFIG_FIELDS } from './known-config-fields.ts';
import type { MinimizedFinding } from './minimize-finding.ts';

/** One plan check: its name (for the eval table and the log) and whether the text passed it. */
export interface PlanCheck {
  name: string;
  passed: boolean;
}

/** How far after a field name the value it is set to is looked for (characters, cut at the sentence's end). */
const VALUE_WINDOW = 60;

/**
 * Whether a text sets the planned fields to the planned values (verification of an analysis and the eval's
 * deterministic judge): for every planned change whose field a text names (snake_case
 * identifiers such as `auto_stop_mins`, `tasks[ingest].max_retries` → `max_retries`; plain words are ordinary
 * English and skipped), one check that the text sets it to the planned value. For a numeric change the first
 * number stated after each mention of the field, within its clause, must be the planned value or the current
 * one followed by the planned one ("from 1440 to 30"); a different number ("to 120") fails even when the
 * planned value appears elsewhere in the text. For a non-numeric change the planned value must appear.
 */
export function planChecks(text: string, plan: MinimizedFinding['plan']): PlanCheck[] {
  const checks: PlanCheck[] = [];
  for (const change of plan.changes) {
    const field = change.field.split('.').at(-1) ?? change.field;
    if (!field.includes('_') && !KNOWN_CONFIG_FIELDS.has(field)) continue;
    const mentions = [...text.matchAll(new RegExp(`\\b${escapeRegExp(field)}\\b`, 'g'))];
    if (mentions.length === 0) continue;
    const after = Number(change.after);
    const before = Number(change.before);
    const passed =
      typeof change.after === 'number' || (typeof change.after === 'string' && Number.isFinite(after))
        ? mentions.every((m) => setsPlannedValue(valuesAfter(text, (m.index ?? 0) + field.length), before, after))
        : text.includes(String(change.after));
    checks.push({ name: `plan: ${field} → ${String(change.after)} as planned`, passed });
  }
  return checks;
}

/**
 * The numbers stated after a position, up to the end of its clause (punctuation followed by a space, or a
 * parenthesis) or {@link VALUE_WINDOW} characters.
 */
function valuesAfter(text: string, from: number): StatedNumber[] {
  const rest = text.slice(from, from + VALUE_WINDOW);
  const end = rest.search(/[.,;:!?](\s|$)|[()]/);
  return extractNumbers(end === -1 ? rest : rest.slice(0, end));
}

function setsPlannedValue(values: readonly StatedNumber[], before: number, after: number): boolean {
  const [first, second] = values;
  if (first === undefined || isFaithful(first, after)) return true;
  if (Number.isFinite(before) && isFaithful(first, before)) return second === undefined || isFaithful(second, after);
  return false;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
