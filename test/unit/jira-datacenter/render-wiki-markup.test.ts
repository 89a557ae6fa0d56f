import { describe, expect, it } from 'vitest';
import type { AdfNode } from '../../../src/document/adf.ts';
import { adfDoc, adfHeading, adfPanel, adfParagraph, adfTable } from '../../../src/document/adf-builders.ts';
import { escapeWikiText, renderWikiMarkup } from '../../../src/jira-datacenter/render-wiki-markup.ts';

describe('renderWikiMarkup', () => {
  it('renders headings, paragraphs with marks, links, panels and tables', () => {
    const doc = adfDoc([
      adfHeading('Why'),
      adfParagraph([{ text: 'Cluster ' }, { text: 'etl-nightly', style: 'code' }, { text: ' idles', style: 'strong' }]),
      adfParagraph([{ text: 'docs', href: 'https://docs.databricks.com/compute/' }]),
      adfPanel('info', [{ text: 'Approve to apply', style: 'em' }]),
      adfTable(['Fact', 'Value'], [[[{ text: 'Idle hours' }], [{ text: '42' }]]]),
    ]);
    expect(renderWikiMarkup(doc)).toBe(
      [
        'h3. Why',
        'Cluster {{etl\\-nightly}}* idles*',
        '[docs|https://docs.databricks.com/compute/]',
        '{panel}\n_Approve to apply_\n{panel}',
        '||Fact||Value||\n|Idle hours|42|',
      ].join('\n\n'),
    );
  });

  it.each([
    ['{color:red}x{color}', '\\{color:red\\}x\\{color\\}'],
    ['[evil|https://evil.example]', '\\[evil\\|https://evil.example\\]'],
    ['a | b', 'a \\| b'],
    ['*bold*', '\\*bold\\*'],
    ['_em_', '\\_em\\_'],
    ['-strike-', '\\-strike\\-'],
    ['!image.png!', '\\!image.png\\!'],
    ['# not a list', '\\# not a list'],
    ['back\\slash', 'back&#92;slash'],
  ])('escapes %j in text', (text, expected) => {
    expect(escapeWikiText(text)).toBe(expected);
    expect(renderWikiMarkup(adfDoc([adfParagraph([{ text }])]))).toBe(expected);
  });

  it('keeps a pipe or a newline in a table cell from opening a new cell or row', () => {
    const wiki = renderWikiMarkup(adfDoc([adfTable(['A'], [[[{ text: 'x | y\nz' }]]])]));
    expect(wiki).toBe('||A||\n|x \\| y \\\\ z|');
    expect(wiki.split('\n')).toHaveLength(2);
  });

  it('keeps newlines in a paragraph and drops them from a heading', () => {
    expect(renderWikiMarkup(adfDoc([adfParagraph([{ text: 'one\ntwo' }])]))).toBe('one\ntwo');
    expect(renderWikiMarkup(adfDoc([adfHeading('one\ntwo')]))).toBe('h3. one two');
  });

  it('escapes code marks and link text, and encodes link targets that would end the link', () => {
    expect(renderWikiMarkup(adfDoc([adfParagraph([{ text: 'a}}b{{c', style: 'code' }])]))).toBe('{{a\\}\\}b\\{\\{c}}');
    expect(renderWikiMarkup(adfDoc([adfParagraph([{ text: 'x]y', href: 'https://h.example/a|b]c d' }])]))).toBe(
      '[x\\]y|https://h.example/a%7Cb%5Dc%20d]',
    );
  });

  it('renders code blocks as {noformat} and cannot be closed early by their content', () => {
    const block: AdfNode = {
      type: 'codeBlock',
      content: [{ type: 'text', text: 'SELECT 1;\n{noformat}\nh1. injected {code}' }],
    };
    const wiki = renderWikiMarkup(adfDoc([block]));
    expect(wiki.startsWith('{noformat}\nSELECT 1;\n')).toBe(true);
    expect(wiki.endsWith('\n{noformat}')).toBe(true);
    expect(wiki.match(/\{noformat\}/g)).toHaveLength(2);
    expect(wiki).toContain('{code}');
  });

  it('renders lists, hard breaks and rules', () => {
    const list: AdfNode = {
      type: 'bulletList',
      content: [
        { type: 'listItem', content: [adfParagraph([{ text: 'one' }])] },
        {
          type: 'listItem',
          content: [
            adfParagraph([{ text: 'two' }]),
            { type: 'orderedList', content: [{ type: 'listItem', content: [adfParagraph([{ text: 'a' }])] }] },
          ],
        },
      ],
    };
    const para: AdfNode = {
      type: 'paragraph',
      content: [{ type: 'text', text: 'x' }, { type: 'hardBreak' }, { type: 'text', text: 'y' }],
    };
    expect(renderWikiMarkup(adfDoc([list, { type: 'rule' }, para]))).toBe('* one\n* two\n*# a\n\n----\n\nx\ny');
  });
});
