import { adfToText } from '../document/adf-to-text.ts';
import type { IncomingComment } from '../findings/ai-port.ts';

export type AskParse =
  | { kind: 'ask'; question: string }
  | { kind: 'ignore'; reason: 'not-a-command' | 'own-comment' | 'empty-question' }
  | { kind: 'refuse'; reason: 'cannot-view-issue' };

/** Longest question passed on, characters (the rest is cut). */
const MAX_QUESTION = 1000;

/**
 * Detects `<askCommand> <question>` (default `/lakewarden ask`, case-insensitive, at the start of a line)
 * in a Jira comment, ignoring lakewarden's own comments, and checks with the injected `canViewIssue`
 * (e.g. Jira's permission check for the author) that the commenter may see the issue before anything
 * about it is answered.
 */
export async function parseAskComment(
  comment: IncomingComment,
  options: {
    askCommand: string;
    botAccountId: string;
    canViewIssue: (accountId: string, issueKey: string) => Promise<boolean>;
  },
): Promise<AskParse> {
  if (comment.authorAccountId === options.botAccountId) return { kind: 'ignore', reason: 'own-comment' };
  const text = typeof comment.body === 'string' ? comment.body : adfToText(comment.body);
  const command = options.askCommand.trim().toLowerCase();
  const lines = text.split('\n');
  const start = lines.findIndex((line) => line.trim().toLowerCase().startsWith(command));
  if (start < 0) return { kind: 'ignore', reason: 'not-a-command' };
  const first = (lines[start] ?? '').trim().slice(command.length);
  if (first !== '' && !/^\s/.test(first)) return { kind: 'ignore', reason: 'not-a-command' };
  const question = [first, ...lines.slice(start + 1)].join('\n').trim().slice(0, MAX_QUESTION);
  if (question === '') return { kind: 'ignore', reason: 'empty-question' };
  if (!(await options.canViewIssue(comment.authorAccountId, comment.issueKey)))
    return { kind: 'refuse', reason: 'cannot-view-issue' };
  return { kind: 'ask', question };
}
