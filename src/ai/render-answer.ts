import type { AdfDoc, AdfNode } from '../document/adf.ts';
import { adfDoc, adfHeading, adfPanel, adfParagraph } from '../document/adf-builders.ts';
import type { Citation } from './cite-figures.ts';
import { restoreTokens } from './identifier-tokens.ts';

/**
 * The ADF reply comment to `/lakewarden ask`: an AI-written banner (model, number of metadata lookups),
 * the answer (one paragraph per blank-line-separated block, tokens restored to names) and the figures it
 * used with their source.
 */
export function renderAnswer(options: {
  answer: string;
  citations: readonly Citation[];
  model: string;
  toolCalls: number;
  originals: ReadonlyMap<string, string>;
}): AdfDoc {
  const paragraphs = restoreTokens(options.answer, options.originals)
    .split(/\n\s*\n/)
    .map((p) => p.trim())
    .filter((p) => p !== '')
    .map((p) => adfParagraph([{ text: p }]));
  const figures: AdfNode =
    options.citations.length === 0
      ? adfParagraph([{ text: 'No figures cited.' }])
      : {
          type: 'bulletList',
          content: options.citations.map((c) => ({
            type: 'listItem',
            content: [adfParagraph([{ text: `${c.figure} — ` }, { text: `${c.source}: ${c.path}`, style: 'code' }])],
          })),
        };
  return adfDoc([
    adfPanel('warning', [
      {
        text: `AI-written answer — verify before acting. Drafted by ${options.model} from lakewarden's metadata (${options.toolCalls} lookups); it cannot change anything.`,
      },
    ]),
    ...paragraphs,
    adfHeading('Figures used', 4),
    figures,
  ]);
}
