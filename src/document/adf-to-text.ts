/**
 * Plain text of an ADF document (Jira comment bodies): text nodes concatenated, hard breaks and block
 * nodes (paragraph, heading, list item, …) ending a line. Unknown node types contribute their children.
 */
export function adfToText(node: unknown): string {
  const lines: string[] = [];
  let current = '';
  const walk = (n: unknown): void => {
    if (n === null || typeof n !== 'object') return;
    const record = n as { type?: unknown; text?: unknown; content?: unknown; attrs?: { text?: unknown } };
    if (record.type === 'text' && typeof record.text === 'string') current += record.text;
    else if (record.type === 'hardBreak') {
      lines.push(current);
      current = '';
    } else if (record.type === 'mention' && typeof record.attrs?.text === 'string') current += record.attrs.text;
    if (Array.isArray(record.content)) for (const child of record.content) walk(child);
    if (typeof record.type === 'string' && BLOCKS.has(record.type)) {
      lines.push(current);
      current = '';
    }
  };
  walk(node);
  if (current !== '') lines.push(current);
  return lines.join('\n');
}

const BLOCKS = new Set(['paragraph', 'heading', 'listItem', 'codeBlock', 'blockquote', 'panel', 'tableCell']);
