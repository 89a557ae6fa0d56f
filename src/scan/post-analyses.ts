import type { Logger } from 'pino';
import type { ScanAi } from '../findings/ai-port.ts';
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
    ai: ScanAi;
    tracker: Pick<IssueTracker, 'addComment'>;
    logger: Logger;
    scrub: (text: string) => string;
  },
): Promise<void> {
  const sections = await deps.ai.analyze(
    created.map((c) => c.finding),
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
