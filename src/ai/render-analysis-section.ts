import type { AdfNode } from '../document/adf.ts';
import { adfHeading, adfPanel, adfParagraph } from '../document/adf-builders.ts';
import type { Analysis } from './analysis.ts';
import { restoreTokens } from './identifier-tokens.ts';

/** The banner every AI-written section carries. */
export const AI_BANNER = 'AI-written — verify before approving.';

/**
 * The "Analysis" ADF section appended to an issue description: heading, a warning panel marking it as
 * AI-written (with the model name), likely cause, context and a bullet list of checks. Tokens are restored
 * to the original names (Jira is shown to the owner, who may see Class B names).
 */
export function renderAnalysisSection(
  analysis: Analysis,
  options: { model: string; originals: ReadonlyMap<string, string> },
): AdfNode[] {
  const restore = (text: string) => restoreTokens(text, options.originals);
  return [
    adfHeading('Analysis'),
    adfPanel('warning', [{ text: `${AI_BANNER} Drafted by ${options.model} from the evidence above.` }]),
    adfParagraph([{ text: 'Likely cause: ', style: 'strong' }, { text: restore(analysis.likelyCause) }]),
    adfParagraph([{ text: 'Context: ', style: 'strong' }, { text: restore(analysis.context) }]),
    adfParagraph([{ text: 'Check before approving:', style: 'strong' }]),
    {
      type: 'bulletList',
      content: analysis.checksBeforeApproving.map((check) => ({
        type: 'listItem',
        content: [adfParagraph([{ text: restore(check) }])],
      })),
    },
  ];
}
