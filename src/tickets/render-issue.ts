import type { AdfDoc } from '../document/adf.ts';
import { blocksToAdf } from '../document/adf-builders.ts';
import type { Block, Span } from '../document/issue-blocks.ts';
import type { Finding } from '../findings/finding.ts';
import { planHash, shortPlanId } from '../remediation/plan-hash.ts';
import { formatMeasure, formatUsd, formatValue } from './format-values.ts';
import { type IssueContext, issueContextOf, kindLabelOf, type RoutingContext } from './issue-context.ts';
import type { TemplateSet } from './load-templates.ts';
import { blocksToMarkdown } from './render-markdown.ts';
import { renderText } from './render-text.ts';
import { chartBlocks } from './sparkline.ts';

/** Jira's limit on the summary field, in characters. */
export const SUMMARY_MAX_LENGTH = 255;

/** A rendered issue: the summary line, the ADF description for Jira and the same content as Markdown. */
export interface RenderedIssue {
  summary: string;
  description: AdfDoc;
  markdown: string;
}

/**
 * Renders a finding into a Jira issue: summary (≤ 255 characters, e.g.
 * `[lakewarden] Warehouse bi-warehouse: auto-stop 0 min … (est. $1,234.00/month)`), an ADF description and
 * an equivalent Markdown preview. The description states what is wrong, the evidence table (window, units,
 * thresholds), the estimated saving in USD/month at list cost with its formula and the USD/DBU price used,
 * the exact change (before → after) and its risk, how the issue was routed, and how to approve or decline.
 * Templates see only the allowlisted context (`issueContextOf`), never the raw finding.
 * @param ctx `routedBy`: one sentence from routing; `approvedStatus` / `declinedStatus`: configured Jira status
 *   names (`jira.statuses.approved` / `.declined`).
 * @throws Error when the set has no template named `finding.template` (loadTemplates checks this up front).
 */
export function renderIssue(finding: Finding, templates: TemplateSet, ctx: RoutingContext): RenderedIssue {
  const template = templates.rules.get(finding.template);
  if (template === undefined) throw new Error(`no template "${finding.template}" for rule "${finding.ruleId}"`);
  const context = issueContextOf(finding, ctx);
  const blocks = issueBlocks(finding, templates, context);
  return {
    summary: summaryOf(finding, renderText(template.summary, context)),
    description: blocksToAdf(blocks),
    markdown: blocksToMarkdown(blocks),
  };
}

/**
 * `[lakewarden] <Kind> <name>: <phrase>` plus `(est. $X/month)` for cost findings with a saving, or
 * `(excess $X/month)` for anomaly findings with an excess cost, cut to 255.
 */
export function summaryOf(finding: Finding, phrase: string): string {
  const suffix =
    finding.excessCost !== undefined && finding.excessCost.usdPerMonth > 0
      ? ` (excess ${formatUsd(finding.excessCost.usdPerMonth)}/month)`
      : finding.category === 'cost' && finding.estimate.usdPerMonth > 0
        ? ` (est. ${formatUsd(finding.estimate.usdPerMonth)}/month)`
        : '';
  const head = `[lakewarden] ${kindLabelOf(finding.resource.kind)} ${formatValue(finding.resource.name)}: ${phrase}`;
  const room = SUMMARY_MAX_LENGTH - suffix.length;
  const cut = head.length > room ? `${head.slice(0, room - 1).trimEnd()}…` : head;
  return `${cut}${suffix}`.replace(/\s+/g, ' ');
}

function issueBlocks(finding: Finding, templates: TemplateSet, context: IssueContext): Block[] {
  const { shared } = templates;
  const template = templates.rules.get(finding.template);
  if (template === undefined) throw new Error(`no template "${finding.template}"`);
  const text = (t: string): string => renderText(t, context);
  const problem = text(template.problem);
  const impact = template.impact === undefined ? '' : ` ${text(template.impact)}`;
  const blocks: Block[] = [
    { type: 'paragraph', spans: [{ text: `${problem}${impact}` }] },
    { type: 'paragraph', spans: resourceSpans(finding) },
    { type: 'heading', text: text(shared.headings.evidence) },
    { type: 'paragraph', spans: [{ text: text(shared.windowLine) }] },
    {
      type: 'table',
      header: ['Fact', 'Source', 'Value', 'Unit', 'Threshold'],
      rows: finding.evidence.map((e) => {
        const measure = formatMeasure(e.value, e.unit);
        return [
          [{ text: e.label }],
          [{ text: e.fact, style: 'code' }],
          [{ text: measure.text }],
          [{ text: measure.unit }],
          [{ text: formatValue(e.threshold) }],
        ];
      }),
    },
    ...(finding.chart === undefined ? [] : chartBlocks(finding.chart)),
    { type: 'heading', text: text(shared.headings.saving) },
    ...savingBlocks(context, text, templates),
    {
      type: 'paragraph',
      spans: [{ text: text(finding.estimate.usdPerDbu === null ? shared.noPriceLine : shared.priceLine) }],
    },
    { type: 'heading', text: text(shared.headings.change) },
    {
      type: 'table',
      header: ['Field', 'Before', 'After'],
      rows: finding.plan.changes.map((c) => [
        [{ text: c.field, style: 'code' }],
        [{ text: formatValue(c.before) }],
        [{ text: formatValue(c.after) }],
      ]),
    },
    { type: 'paragraph', spans: [{ text: text(shared.riskLine) }] },
    {
      type: 'paragraph',
      spans: [
        { text: 'Plan id ' },
        { text: shortPlanId(planHash({ ...finding.plan, resource: finding.resource })), style: 'code' },
        { text: ': an approval applies exactly this plan, as lakewarden filed it.' },
      ],
    },
  ];
  if (finding.plan.restarts)
    blocks.push({ type: 'panel', tone: 'warning', spans: [{ text: text(shared.restartsLine) }] });
  blocks.push(
    { type: 'heading', text: text(shared.headings.routing) },
    { type: 'paragraph', spans: [{ text: context.routing.routedBy }] },
    { type: 'heading', text: text(shared.headings.next) },
    { type: 'paragraph', spans: autonomySpans(finding, templates, text) },
    { type: 'paragraph', spans: [{ text: text(shared.footer), style: 'em' }] },
  );
  return blocks;
}

/**
 * `Resource: <kind> <name> (id <id>) in workspace <name> (<id>) — open in Databricks`, the last part a link
 * to the resource's page, so same-named resources can be told apart.
 */
function resourceSpans(finding: Finding): Span[] {
  const r = finding.resource;
  const workspace = r.workspaceName === undefined ? r.workspaceId : `${r.workspaceName} (${r.workspaceId})`;
  const spans: Span[] = [
    { text: `Resource: ${kindLabelOf(r.kind).toLowerCase()} ${formatValue(r.name)} (id ` },
    { text: r.id, style: 'code' },
    { text: `) in workspace ${workspace}` },
  ];
  if (r.url !== undefined) spans.push({ text: ' — ' }, { text: 'open in Databricks', href: r.url });
  return spans;
}

/** The saving section: the saving (or none), why it is not counted again or capped, the excess cost. */
function savingBlocks(context: IssueContext, text: (t: string) => string, templates: TemplateSet): Block[] {
  const { shared } = templates;
  const blocks: Block[] = [];
  if (context.estimate.includedIn !== '') {
    blocks.push({ type: 'paragraph', spans: [{ text: text(shared.includedLine) }] });
  } else if (context.estimate.hasSaving) {
    blocks.push({ type: 'paragraph', spans: [{ text: text(shared.savingLine), style: 'strong' }] });
  } else blocks.push({ type: 'paragraph', spans: [{ text: text(shared.noSavingLine) }] });
  if (context.estimate.cappedAt !== '') blocks.push({ type: 'paragraph', spans: [{ text: text(shared.cappedLine) }] });
  if (context.estimate.hasExcess) {
    blocks.push({ type: 'paragraph', spans: [{ text: text(shared.excessLine), style: 'strong' }] });
  } else blocks.push({ type: 'paragraph', spans: [{ text: text(shared.formulaLine) }] });
  const shown = context.estimate.hasExcess || (context.estimate.hasSaving && context.estimate.includedIn === '');
  if (context.estimate.hasEffective && shown) {
    blocks.push({ type: 'paragraph', spans: [{ text: text(shared.effectiveLine) }] });
  }
  return blocks;
}

function autonomySpans(finding: Finding, templates: TemplateSet, text: (t: string) => string): Span[] {
  const { autonomy } = templates.shared;
  switch (finding.plan.autonomy) {
    case 'approval':
      return [{ text: text(autonomy.approval) }];
    case 'manual':
      return [{ text: text(autonomy.manual) }];
    case 'auto':
      return [{ text: text(autonomy.auto) }];
    default: {
      const unreachable: never = finding.plan.autonomy;
      throw new Error(`unknown autonomy ${String(unreachable)}`);
    }
  }
}
