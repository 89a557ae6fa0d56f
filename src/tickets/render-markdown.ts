import type { Block, Span } from '../document/issue-blocks.ts';
import { EMPTY } from '../document/issue-blocks.ts';

/**
 * Renders format-neutral blocks to GitHub-flavoured Markdown: the same content as the ADF description,
 * used for previews (`scan --dry-run`) and review. Text is escaped; blank text becomes `—`.
 */
export function blocksToMarkdown(blocks: readonly Block[]): string {
  return `${blocks.map(blockToMarkdown).join('\n\n')}\n`;
}

function blockToMarkdown(block: Block): string {
  switch (block.type) {
    case 'heading':
      return `### ${escapeMarkdown(block.text)}`;
    case 'paragraph':
      return spansToMarkdown(block.spans);
    case 'table': {
      const head = `| ${block.header.map(escapeMarkdown).join(' | ')} |`;
      const rule = `|${block.header.map(() => '---').join('|')}|`;
      const rows = block.rows.map((cells) => `| ${cells.map(spansToMarkdown).join(' | ')} |`);
      return [head, rule, ...rows].join('\n');
    }
    case 'panel':
      return `> ${spansToMarkdown(block.spans)}`;
    default: {
      const unreachable: never = block;
      throw new Error(`unknown block ${JSON.stringify(unreachable)}`);
    }
  }
}

function spansToMarkdown(spans: readonly Span[]): string {
  if (spans.length === 0) return EMPTY;
  return spans.map(spanToMarkdown).join('');
}

function spanToMarkdown(span: Span): string {
  const text = span.text.trim() === '' ? EMPTY : span.text.replace(/\s*\n\s*/g, ' ');
  switch (span.style) {
    case undefined:
      return span.href === undefined
        ? escapeMarkdown(text)
        : `[${escapeMarkdown(text)}](<${span.href.replace(/[<>\s]/g, encodeURIComponent)}>)`;
    case 'strong':
      return `**${escapeMarkdown(text)}**`;
    case 'em':
      return `_${escapeMarkdown(text)}_`;
    case 'code': {
      const fence = text.includes('`') ? '``' : '`';
      return `${fence}${text.replaceAll('|', '\\|')}${fence}`;
    }
    default: {
      const unreachable: never = span.style;
      throw new Error(`unknown style ${String(unreachable)}`);
    }
  }
}

/** Escapes Markdown punctuation that would change formatting, including `|` inside tables. */
export function escapeMarkdown(text: string): string {
  return text.replace(/([\\`*_[\]<>|#])/g, '\\$1');
}
