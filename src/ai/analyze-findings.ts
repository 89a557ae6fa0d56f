import type { AdfNode } from '../document/adf.ts';
import type { Finding } from '../findings/finding.ts';
import type { AiLogger } from '../logging/ai-logger.ts';
import { analyzeFinding } from './analyze-finding.ts';
import type { AiServices } from './create-ai-services.ts';

/**
 * Analyses for the findings about to be filed, keyed by fingerprint; sequential so the daily budget is
 * spent in order. With AI off (`ai` undefined) returns an empty map at once: no AI code runs and no
 * request is attempted. Never throws (see analyzeFinding); findings without a valid analysis are absent.
 */
export async function analyzeFindings(
  findings: readonly Finding[],
  ai: AiServices | undefined,
  logger: AiLogger,
): Promise<Map<string, AdfNode[]>> {
  const sections = new Map<string, AdfNode[]>();
  if (ai === undefined) return sections;
  for (const finding of findings) {
    const section = await analyzeFinding(finding, {
      model: ai.model,
      hashIdentifiers: ai.config.hashIdentifiers,
      logger,
    });
    if (section !== undefined) sections.set(finding.fingerprint, section);
  }
  return sections;
}
