import type { Finding } from '../../findings/finding.ts';
import type { Resource, Snapshot } from '../../snapshot/schema.ts';
import type { IdentifierTokens } from '../identifier-tokens.ts';

/**
 * The read-only data an answer may look at, built by the caller from the stored finding (issue
 * property / store), the latest saved snapshot and the last scan's findings. Tools only read it:
 * no tool calls Databricks, Jira or the store, and none can change anything.
 */
export interface AskContext {
  /** The finding of the issue the question was asked on. */
  finding: Finding;
  /** The latest snapshot, when one is kept (`snapshot collect` / the scan's saved snapshot). */
  snapshot: Snapshot | undefined;
  /** Current findings from the last scan (for related findings); undefined when they are not kept. */
  findings: readonly Finding[] | undefined;
  hashIdentifiers: boolean;
  tokens: IdentifierTokens;
}

/** The snapshot resource the finding is about, if the snapshot holds it. */
export function findResource(context: AskContext): Resource | undefined {
  const ref = context.finding.resource;
  return context.snapshot?.resources.find(
    (r) => r.workspaceId === ref.workspaceId && r.kind === ref.kind && r.id === ref.id,
  );
}

/** The result of a tool that has no data to answer with: the model is told so instead of guessing. */
export function notAvailable(reason: string): Record<string, unknown> {
  return { available: false, reason };
}
