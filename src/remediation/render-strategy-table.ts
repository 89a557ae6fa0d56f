import { STRATEGIES } from './registry.ts';
import { WORKSPACE_OPERATIONS } from './workspace-api.ts';

/**
 * The Markdown table of every strategy's declaration (operations, allowed fields with their bounds,
 * rollback), generated from the strategy files for docs/security.md (`scripts/generate-strategy-docs.ts`;
 * a drift test compares the committed block with this output).
 */
export function renderStrategyTable(): string {
  const lines = [
    '| Strategy | Resource kinds | Databricks operations | Field (exact path) | Allowed values | Rollback |',
    '|---|---|---|---|---|---|',
  ];
  for (const strategy of STRATEGIES.values()) {
    const operations =
      strategy.operations.map((o) => `\`${WORKSPACE_OPERATIONS[o]}\``).join('<br>') || 'none (never writes)';
    const rollback = strategy.executor === undefined ? '—' : strategy.executor.rollback === undefined ? 'no' : 'yes';
    const fields = strategy.fields.length === 0 ? [undefined] : strategy.fields;
    for (const [index, field] of fields.entries()) {
      const first = index === 0;
      lines.push(
        `| ${first ? `\`${strategy.name}\`` : ''} | ${first ? strategy.kinds.join(', ') : ''} | ${first ? operations : ''} | ${
          field === undefined ? 'none' : `\`${field.path}\` (${field.kinds.join(', ')})`
        } | ${field === undefined ? '—' : field.bound} | ${first ? rollback : ''} |`,
      );
    }
  }
  return lines.join('\n');
}
