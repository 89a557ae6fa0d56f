import type { AdfDoc, AdfMark, AdfNode, AdfText } from '../document/adf.ts';

/**
 * Renders an ADF document (`src/document/adf.ts`) to Jira wiki markup, the rich-text format of Jira Data Center /
 * Server REST v2 (descriptions and comment bodies are plain strings rendered by the wiki renderer). Every piece
 * of text is escaped, so untrusted text from Databricks metadata cannot inject formatting, links, macros or
 * table cells: the wiki renderer's special characters get a backslash ("\X — escape special character X"),
 * a literal backslash becomes the entity `&#92;` (`\\` would be a line break), link URLs are percent-encoded
 * where `|`, `]` or whitespace would end them, and `{noformat}` inside a code block is broken with a zero-width
 * joiner so it cannot close the block early. Newlines inside a table cell become `\\` (a line break) and in a
 * heading a space, because a newline ends a table row or a heading.
 *
 * Nodes: doc, paragraph, heading, text (strong `*`, em `_`, code `{{…}}`, link `[text|url]`), hardBreak,
 * table/tableRow/tableHeader/tableCell, panel (`{panel}`), codeBlock (`{noformat}`), bulletList/orderedList/
 * listItem, blockquote (`{quote}`), rule; any other node renders its children.
 *
 * @see https://jira.atlassian.com/secure/WikiRendererHelpAction.jspa?section=all (Jira wiki markup)
 * @see https://confluence.atlassian.com/jiracoreserver/text-formatting-notation-help-1431741925.html
 */
export function renderWikiMarkup(doc: AdfDoc): string {
  return doc.content
    .map((node) => renderBlock(node, ''))
    .filter((s) => s !== '')
    .join('\n\n');
}

/** Characters with a meaning in wiki markup, escaped with a backslash. */
const SPECIAL = /[\\*_\-+^~?{}[\]|!#]/g;

/** Escapes text for the wiki renderer (see `renderWikiMarkup`); newlines are kept (the caller decides). */
export function escapeWikiText(text: string): string {
  return text.replace(SPECIAL, (c) => (c === '\\' ? '&#92;' : `\\${c}`));
}

function renderBlock(node: AdfNode, listPrefix: string): string {
  switch (node.type) {
    case 'paragraph':
      return renderInline(node.content, 'block');
    case 'heading': {
      const level = Math.min(6, Math.max(1, Number(node.attrs?.level ?? 3) || 3));
      return `h${level}. ${renderInline(node.content, 'line')}`;
    }
    case 'table':
      return (node.content ?? []).map((row) => renderRow(row as AdfNode)).join('\n');
    case 'panel':
      return `{panel}\n${renderChildren(node)}\n{panel}`;
    case 'blockquote':
      return `{quote}\n${renderChildren(node)}\n{quote}`;
    case 'codeBlock': {
      const code = (node.content ?? []).map((t) => (t as AdfText).text ?? '').join('');
      return `{noformat}\n${code.replaceAll('{noformat}', '{\u200dnoformat}')}\n{noformat}`;
    }
    case 'bulletList':
    case 'orderedList': {
      const marker = `${listPrefix}${node.type === 'bulletList' ? '*' : '#'}`;
      return (node.content ?? []).map((item) => renderListItem(item as AdfNode, marker)).join('\n');
    }
    case 'rule':
      return '----';
    case 'text':
      return renderText(node as AdfText, 'block');
    default:
      return renderChildren(node);
  }
}

function renderChildren(node: AdfNode): string {
  const children = node.content ?? [];
  if (children.every((c) => c.type === 'text' || c.type === 'hardBreak')) return renderInline(children, 'block');
  return children
    .map((child) => renderBlock(child as AdfNode, ''))
    .filter((s) => s !== '')
    .join('\n\n');
}

function renderListItem(item: AdfNode, marker: string): string {
  const parts: string[] = [];
  for (const child of item.content ?? []) {
    const block = child as AdfNode;
    if (block.type === 'bulletList' || block.type === 'orderedList') parts.push(renderBlock(block, marker));
    else parts.push(`${marker} ${renderInline(block.content ?? [block], 'line')}`);
  }
  return parts.join('\n');
}

function renderRow(row: AdfNode): string {
  const cells = (row.content ?? []) as AdfNode[];
  const header = cells.some((c) => c.type === 'tableHeader');
  const separator = header ? '||' : '|';
  const rendered = cells.map((cell) =>
    ((cell.content ?? []) as AdfNode[]).map((block) => renderInline(block.content ?? [block], 'cell')).join(' \\\\ '),
  );
  return `${separator}${rendered.map((c) => (c === '' ? ' ' : c)).join(separator)}${separator}`;
}

/** Where inline content lands: a block keeps newlines, a line (heading, list item) and a cell cannot. */
type InlineContext = 'block' | 'line' | 'cell';

function renderInline(nodes: ReadonlyArray<AdfNode | AdfText> | undefined, where: InlineContext): string {
  return (nodes ?? [])
    .map((node) => {
      if (node.type === 'hardBreak') return where === 'block' ? '\n' : where === 'cell' ? ' \\\\ ' : ' ';
      if (node.type === 'text') return renderText(node as AdfText, where);
      return renderInline((node as AdfNode).content, where);
    })
    .join('');
}

function breakLines(text: string, where: InlineContext): string {
  if (where === 'block') return text;
  return text.replace(/\s*\r?\n\s*/g, where === 'cell' ? ' \\\\ ' : ' ');
}

function renderText(node: AdfText, where: InlineContext): string {
  const marks: readonly AdfMark[] = node.marks ?? [];
  const link = marks.find((m) => m.type === 'link');
  let out = breakLines(escapeWikiText(node.text), where);
  if (marks.some((m) => m.type === 'code')) out = `{{${out}}}`;
  if (marks.some((m) => m.type === 'em')) out = `_${out}_`;
  if (marks.some((m) => m.type === 'strong')) out = `*${out}*`;
  if (link?.attrs?.href !== undefined) out = `[${out}|${encodeLinkTarget(link.attrs.href)}]`;
  return out;
}

/** A link target that cannot end the `[text|url]` early or open another macro. */
function encodeLinkTarget(href: string): string {
  return href.replace(/[|\][{}\s\\!]/g, (c) => encodeURIComponent(c));
}
