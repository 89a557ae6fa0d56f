import type { Logger } from 'pino';
import { analyzeFindings } from '../ai/analyze-findings.ts';
import type { AiServices } from '../ai/create-ai-services.ts';
import type { Finding } from '../findings/finding.ts';
import { scrubAdf } from '../tickets/scrub-adf.ts';
import type { IssueTracker } from '../tracker/issue-tracker.ts';

/**
 * Posts the AI analysis of each newly created issue as its own comment (marked AI-written by the
 * renderer). A separate comment keeps the description deterministic, so the content hash — and
 * "unchanged means no write" — does not depend on model output. Never throws: AI failures leave filing as it was.
 */
export async function postAnalyses(
  created: ReadonlyArray<{ finding: Finding; issueId: string }>,
  deps: {
    ai: AiServices;
    tracker: Pick<IssueTracker, 'addComment'>;
    logger: Logger;
    scrub: (text: string) => string;
  },
): Promise<void> {
  const sections = await analyzeFindings(
    created.map((c) => c.finding),
    deps.ai,
    deps.logger,
  );
  const idByFp = new Map(created.map((c) => [c.finding.fingerprint, c.issueId]));
  for (const [fingerprint, content] of sections) {
    const id = idByFp.get(fingerprint);
    if (id === undefined) continue;
    try {
      await deps.tracker.addComment(id, scrubAdf({ type: 'doc', version: 1, content }, deps.scrub));
    } catch (error) {
      deps.logger.warn({ fingerprint, error: deps.scrub((error as Error).message) }, 'analysis comment failed');
    }
  }
}
