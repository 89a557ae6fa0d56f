import type { AdfNode } from '../document/adf.ts';
import type { Finding } from '../findings/finding.ts';
import { type AiLogger, failureReason } from '../logging/ai-logger.ts';
import { ANALYSIS_JSON_SCHEMA, Analysis } from './analysis.ts';
import { ANALYSIS_SYSTEM_PROMPT } from './analysis-prompt.ts';
import { createIdentifierTokens } from './identifier-tokens.ts';
import type { LanguageModel } from './language-model.ts';
import { minimizeFinding } from './minimize-finding.ts';
import { renderAnalysisSection } from './render-analysis-section.ts';
import { verifyAnalysis } from './verify-analysis.ts';

export interface AnalyzeFindingDeps {
  /** The audited, budgeted model (see create-ai-services.ts). */
  model: LanguageModel;
  hashIdentifiers: boolean;
  logger: AiLogger;
}

/**
 * Drafts the "Analysis" ADF section of one finding's issue: minimizes the finding, asks the model for
 * likely cause / context / checks as JSON, validates the JSON with zod and verifies it against the
 * evidence (verify-analysis.ts). The model never chooses what is applied.
 *
 * Never throws: a timeout, a refused budget, a 5xx, invalid JSON or a failed verification is logged with
 * its reason and yields `undefined`, so filing and remediation go on without an analysis.
 */
export async function analyzeFinding(finding: Finding, deps: AnalyzeFindingDeps): Promise<AdfNode[] | undefined> {
  const log = { fingerprint: finding.fingerprint, ruleId: finding.ruleId };
  try {
    const tokens = createIdentifierTokens();
    const minimized = minimizeFinding(finding, { hashIdentifiers: deps.hashIdentifiers, tokens });
    const result = await deps.model.generate({
      purpose: 'analysis',
      system: ANALYSIS_SYSTEM_PROMPT,
      messages: [{ role: 'user', parts: [{ text: JSON.stringify(minimized) }] }],
      responseJsonSchema: ANALYSIS_JSON_SCHEMA,
    });
    const parsed = Analysis.safeParse(parseJson(result.text));
    if (!parsed.success) {
      deps.logger.warn({ ...log, reason: 'invalid-output' }, 'AI analysis dropped: output is not the expected JSON');
      return undefined;
    }
    const verdict = verifyAnalysis(parsed.data, minimized);
    if (!verdict.ok) {
      deps.logger.warn({ ...log, reason: verdict.reason }, 'AI analysis dropped: failed verification');
      return undefined;
    }
    deps.logger.info(log, 'AI analysis added');
    return renderAnalysisSection(parsed.data, { model: deps.model.model, originals: tokens.originals });
  } catch (error) {
    deps.logger.warn({ ...log, reason: failureReason(error) }, 'AI analysis skipped: model call failed');
    return undefined;
  }
}

function parseJson(text: string | undefined): unknown {
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
