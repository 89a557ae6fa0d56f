import type { AdfDoc, AdfMark, AdfNode, AdfText } from './adf.ts';
import type { Block, Span } from './issue-blocks.ts';
import { EMPTY } from './issue-blocks.ts';

/**
 * Small builders of valid Atlassian Document Format (schema: `@atlaskit/adf-schema` json-schema/v1/full.json;
 * rules in https://developer.atlassian.com/cloud/jira/platform/apis/document/structure/).
 * Text is never empty (blank text becomes `—`) and a text node carries at most one mark.
 */

/** A text node; blank text becomes `—`. `style` adds one mark (never code together with strong). */
export function adfText(text: string, style?: Span['style'], href?: string): AdfText {
  const safe = text.trim() === '' ? EMPTY : text;
  if (style === undefined && href !== undefined)
    return { type: 'text', text: safe, marks: [{ type: 'link', attrs: { href } }] };
  if (style === undefined) return { type: 'text', text: safe };
  const mark: AdfMark = { type: style };
  return { type: 'text', text: safe, marks: [mark] };
}

/** A paragraph of spans; an empty list renders as `—`. */
export function adfParagraph(spans: readonly Span[]): AdfNode {
  const content = spans.length === 0 ? [adfText(EMPTY)] : spans.map((s) => adfText(s.text, s.style, s.href));
  return { type: 'paragraph', content };
}

/** A heading, level 1–6 (default 3). */
export function adfHeading(text: string, level = 3): AdfNode {
  return { type: 'heading', attrs: { level }, content: [adfText(text)] };
}

/** A table with one header row; each cell holds a paragraph (cells take block nodes, never bare text). */
export function adfTable(header: readonly string[], rows: readonly (readonly (readonly Span[])[])[]): AdfNode {
  const headerRow: AdfNode = {
    type: 'tableRow',
    content: header.map((h) => ({ type: 'tableHeader', attrs: {}, content: [adfParagraph([{ text: h }])] })),
  };
  const bodyRows: AdfNode[] = rows.map((cells) => ({
    type: 'tableRow',
    content: cells.map((spans) => ({ type: 'tableCell', attrs: {}, content: [adfParagraph(spans)] })),
  }));
  return {
    type: 'table',
    attrs: { isNumberColumnEnabled: false, layout: 'default' },
    content: [headerRow, ...bodyRows],
  };
}

/** A panel (info, warning, success) holding one paragraph. */
export function adfPanel(tone: 'info' | 'warning' | 'success', spans: readonly Span[]): AdfNode {
  return { type: 'panel', attrs: { panelType: tone }, content: [adfParagraph(spans)] };
}

/** The document root (`version: 1` is required). */
export function adfDoc(content: AdfNode[]): AdfDoc {
  return { type: 'doc', version: 1, content };
}

/** Renders format-neutral blocks to an ADF document. */
export function blocksToAdf(blocks: readonly Block[]): AdfDoc {
  return adfDoc(blocks.map(blockToAdf));
}

function blockToAdf(block: Block): AdfNode {
  switch (block.type) {
    case 'heading':
      return adfHeading(block.text);
    case 'paragraph':
      return adfParagraph(block.spans);
    case 'table':
      return adfTable(block.header, block.rows);
    case 'panel':
      return adfPanel(block.tone, block.spans);
    default: {
      const unreachable: never = block;
      throw new Error(`unknown block ${JSON.stringify(unreachable)}`);
    }
  }
}
