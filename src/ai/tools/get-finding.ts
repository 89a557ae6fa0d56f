import { z } from 'zod';
import { minimizeFinding } from '../minimize-finding.ts';
import { defineTool } from './ask-tool.ts';

/**
 * get_finding — the finding this issue is about, minimized: rule, evidence (facts, values, units,
 * thresholds), window, savings estimate and formula, planned change. No arguments.
 */
export const getFinding = defineTool({
  name: 'get_finding',
  description:
    'Returns the finding of this issue: rule, evidence (fact, value, unit, threshold), window, savings estimate with its formula, and the planned change. Names are tokens.',
  parameters: z.object({}),
  run: (_args, context) => ({
    finding: minimizeFinding(context.finding, { hashIdentifiers: context.hashIdentifiers, tokens: context.tokens }),
  }),
});
