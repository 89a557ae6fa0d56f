import type { AdfDoc, AdfNode } from '../document/adf.ts';
import type { AiLogger } from '../logging/ai-logger.ts';
import type { Snapshot } from '../snapshot/schema.ts';
import type { StoredAskContext } from './ask-context-from-store.ts';
import type { Finding } from './finding.ts';

/*
 * The AI features the use cases call (scan: analysis and saving what `/lakewarden ask` may read; the ask command:
 * answering one comment). Implemented in src/ai/ (`createAiServices`, `createAskAnswerer`), built by the
 * composition root; with `ai.enabled` false the scan gets no `ScanAi` and the answerer replies that AI is off.
 */

/** What `/lakewarden ask` may read of the last scan that filed issues. */
export interface AskData {
  /** A snapshot holding the header of the last scan and the resource the finding is about, if kept. */
  snapshot: Snapshot | undefined;
  /** The last scan's findings (for related findings); undefined when no scan has saved any. */
  findings: readonly Finding[] | undefined;
}

/** What a scan asks of the AI services. */
export interface ScanAi {
  /**
   * Analyses of the findings about to be filed, keyed by fingerprint (ADF nodes of the comment); sequential so
   * the daily budget is spent in order. Never throws: findings without a valid analysis are absent.
   */
  analyze(findings: readonly Finding[], logger: AiLogger): Promise<Map<string, AdfNode[]>>;
  askData: {
    /** Keeps the scan's findings and their resources for `/lakewarden ask` in `serve`. */
    save(input: { scanId: string; at: Date; snapshot: Snapshot; findings: readonly Finding[] }): Promise<void>;
  };
}

/** A Jira comment as received (webhook `comment_created` or a comment read back). */
export interface IncomingComment {
  issueKey: string;
  authorAccountId: string;
  /** ADF (Jira Cloud REST v3) or plain text (v2 / automation). */
  body: AdfDoc | string;
}

/** What answering one `/lakewarden ask` comment may do (the caller adds dedupe markers to the replies). */
export interface AskAnswererDeps {
  /** The command prefix (`ai.askCommand`), read even when AI is off so the asker is told. */
  askCommand: string;
  /** Posts a reply on the issue (the caller adds the dedupe marker). */
  reply: (issueId: string, body: AdfDoc) => Promise<void>;
  /**
   * Whether an "unavailable" reply may be posted now on this issue (at most one per issue per UTC day, so a
   * burst of questions while the model is down or AI is off does not flood the issue).
   */
  mayTellUnavailable: (issueId: string) => Promise<boolean>;
  /** Posts the "unavailable" reply (the caller adds the per-issue rate-limit marker). */
  replyUnavailable: (issueId: string, body: AdfDoc) => Promise<void>;
  botAccountId: string;
  /** Whether the account may view the issue (e.g. Jira "permitted users" / browse-permission check). */
  canViewIssue: (accountId: string, issueKey: string) => Promise<boolean>;
  /**
   * The finding of the issue (store / issue property `lakewarden`), the latest snapshot and the last
   * scan's findings; undefined when the issue is not one of lakewarden's.
   */
  loadContext: (issueId: string) => Promise<StoredAskContext | undefined>;
  nowMs: () => number;
  logger: AiLogger;
}

/**
 * Handles one comment (src/ai/handle-ask-comment.ts): `answered`, a reason no answer could be given, `ignored`
 * (not a command), `refused` (may not view the issue), `not-ours`. Throws when the permission check, the context
 * or posting a reply fails (the caller's inbox retries the delivery).
 */
export type AskAnswerer = (comment: IncomingComment & { issueId: string }, deps: AskAnswererDeps) => Promise<string>;
