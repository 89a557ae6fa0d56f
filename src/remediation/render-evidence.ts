import type { AdfDoc, AdfNode, AdfText } from '../document/adf.ts';
import type { ActionRecord } from './action-record.ts';
import { chainHeadMarker } from './chain-head.ts';
import { shortPlanId } from './plan-hash.ts';

/** What a comment reports. */
export type EvidenceKind = 'verified' | 'failed' | 'refused' | 'rolled_back' | 'restored' | 'deferred';

export interface EvidenceInput {
  kind: EvidenceKind;
  action: ActionRecord;
  /** Hash of the latest history event of the action (chain head when the comment was written). */
  historyHash: string;
  /** Sequence number of that event (with the hash: the chain head `actions verify --against-jira` checks). */
  historySeq: number;
  /** Plain-words explanation (refusal or failure message); optional for verified. */
  message?: string;
}

function text(value: string, strong = false): AdfText {
  return strong ? { type: 'text', text: value, marks: [{ type: 'strong' }] } : { type: 'text', text: value };
}
function code(value: string): AdfText {
  return { type: 'text', text: value, marks: [{ type: 'code' }] };
}
function paragraph(...content: AdfText[]): AdfNode {
  return { type: 'paragraph', content: content.filter((t) => t.text !== '') };
}
function show(value: unknown): string {
  if (value === undefined || value === null) return '(not set)';
  return typeof value === 'string' ? value : JSON.stringify(value);
}
function cell(kind: 'tableHeader' | 'tableCell', value: string): AdfNode {
  return { type: kind, content: [paragraph(text(value === '' ? '—' : value))] };
}

function changesTable(action: ActionRecord): AdfNode {
  const header: AdfNode = {
    type: 'tableRow',
    content: ['Field', 'Planned before', 'Planned after', 'Read before write', 'Read back'].map((h) =>
      cell('tableHeader', h),
    ),
  };
  const rows = action.plan.changes.map(
    (c): AdfNode => ({
      type: 'tableRow',
      content: [
        cell('tableCell', c.field),
        cell('tableCell', show(c.before)),
        cell('tableCell', show(c.after)),
        cell('tableCell', action.previousValue === null ? '—' : show(action.previousValue[c.field])),
        cell('tableCell', action.observedValue === null ? '—' : show(action.observedValue[c.field])),
      ],
    }),
  );
  return { type: 'table', content: [header, ...rows] };
}

/**
 * The headline of each evidence kind; `change` names what was (to be) done: "the approved change", or for an
 * `auto` action (no approver) "the change it applies on its own (autonomy auto)".
 */
function headlineOf(kind: EvidenceKind, automatic: boolean): string {
  const change = automatic ? 'the change it applies on its own (autonomy auto)' : 'the approved change';
  switch (kind) {
    case 'verified':
      return automatic
        ? 'lakewarden applied this change on its own (autonomy auto, within its guardrails) and verified it by reading the resource back.'
        : 'lakewarden applied the approved change and verified it by reading the resource back.';
    case 'failed':
      return `lakewarden could not complete ${change}.`;
    case 'refused':
      return 'lakewarden did not make the change.';
    case 'rolled_back':
      return 'The change did not verify, so lakewarden restored the previous values and verified them.';
    case 'deferred':
      return `lakewarden is waiting for the cluster to terminate before making ${change}.`;
    case 'restored':
      return 'lakewarden rolled back its change as requested: the previous values were restored and verified by reading the resource back.';
  }
}

/**
 * The evidence comment of an action as ADF (docs/approvals.md §7): headline, reason in plain words, the
 * plan (strategy, resource, risk), approver and approval time from the Jira changelog, before/after as
 * read from Databricks, the action id and the history hash. Only record fields are rendered (no payload
 * text), so nothing a webhook sent reaches the comment.
 */
export function renderEvidence(input: EvidenceInput): AdfDoc {
  const { action } = input;
  const headline = headlineOf(input.kind, action.approver === null && action.rollbackOf === null);
  const content: AdfNode[] = [paragraph(text(headline, true))];
  if (input.message !== undefined && input.message !== '') content.push(paragraph(text(input.message)));
  content.push(
    paragraph(
      text('Plan: '),
      code(action.strategy),
      text(` on ${action.resource.kind} `),
      code(action.resource.id),
      text(` (workspace ${action.resource.workspaceId})${action.planHash === null ? '' : ', plan id '}`),
      ...(action.planHash === null ? [] : [code(shortPlanId(action.planHash))]),
      text(`. Risk: ${action.plan.risk || 'none stated'}`),
    ),
  );
  content.push(
    paragraph(
      text('Approved by '),
      text(
        action.approver === null
          ? 'nobody (automatic action)'
          : (action.approver.displayName ?? action.approver.accountId),
        true,
      ),
      text(action.approvedAt === null ? '' : ` at ${action.approvedAt}`),
      text(action.changelogId === null ? '' : ` (Jira changelog ${action.changelogId}).`),
    ),
  );
  content.push(changesTable(action));
  content.push(
    paragraph(
      text('Action '),
      code(action.id),
      text(
        `, state ${action.state}${action.reason === null ? '' : ` (${action.reason})`}, attempts ${action.attempts}. History hash `,
      ),
      code(input.historyHash),
      text('. Chain head: '),
      code(chainHeadMarker({ seq: input.historySeq, hash: input.historyHash })),
      text('.'),
    ),
  );
  return { type: 'doc', version: 1, content };
}

/**
 * A refusal that happened before any action existed (stale, unauthorised, guardrail, …): the reason in
 * plain words and what to do next, as ADF.
 */
export function renderNotice(message: string, next: string): AdfDoc {
  return {
    type: 'doc',
    version: 1,
    content: [
      paragraph(text('lakewarden did not make the change.', true)),
      paragraph(text(message)),
      paragraph(text(next)),
    ],
  };
}
