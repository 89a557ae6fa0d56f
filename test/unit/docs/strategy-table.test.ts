import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { STRATEGIES } from '../../../src/remediation/registry.ts';
import { renderStrategyTable } from '../../../src/remediation/render-strategy-table.ts';

const START = '<!-- strategy-table:start -->';
const END = '<!-- strategy-table:end -->';

describe('docs/security.md strategy table', () => {
  it('is the table generated from the strategy declarations (regenerate with scripts/generate-strategy-docs.ts)', () => {
    const doc = readFileSync(new URL('../../../docs/security.md', import.meta.url), 'utf8');
    expect(doc).toContain(START);
    const block = doc.slice(doc.indexOf(START) + START.length, doc.indexOf(END)).trim();
    expect(block).toBe(renderStrategyTable());
  });

  it('names every strategy and every declared field with its bound', () => {
    const table = renderStrategyTable();
    for (const strategy of STRATEGIES.values()) {
      expect(table).toContain(`\`${strategy.name}\``);
      for (const field of strategy.fields) expect(table).toContain(`\`${field.path}\``);
    }
    expect(table).toContain('integer 10–240 minutes');
    expect(table).toContain('integer 60–604800 seconds');
  });
});
