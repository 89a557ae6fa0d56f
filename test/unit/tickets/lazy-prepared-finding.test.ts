import { describe, expect, it } from 'vitest';
import { LazyPreparedFinding } from '../../../src/tickets/lazy-prepared-finding.ts';
import { finding, prepared } from '../../support/plan-sync-builders.ts';

describe('LazyPreparedFinding', () => {
  it('renders on the first read of draft or markdown, once, and keeps an assigned draft', () => {
    const { draft } = prepared(finding, 'hash-9');
    let renders = 0;
    const item = new LazyPreparedFinding(finding, 'ana@example.com', null, () => {
      renders++;
      return { draft, markdown: '# md' };
    });
    expect(renders).toBe(0);
    expect(item.finding).toBe(finding);
    expect(item.draft.contentHash).toBe('hash-9');
    expect(item.markdown).toBe('# md');
    expect(renders).toBe(1);
    item.draft = { ...draft, components: [] };
    expect(item.draft.components).toEqual([]);
    expect(item.markdown).toBe('# md');
    expect(renders).toBe(1);
  });
});
