import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import type { AdfDoc } from '../../../src/document/adf.ts';
import type { Finding } from '../../../src/findings/finding.ts';
import { formatMeasure } from '../../../src/tickets/format-values.ts';
import { loadTemplates, type TemplateSet } from '../../../src/tickets/load-templates.ts';
import { renderIssue } from '../../../src/tickets/render-issue.ts';
import { renderResolutionComment } from '../../../src/tickets/render-resolution-comment.ts';
import { adfSchemaErrors } from '../../support/adf-schema.ts';
import { MATCHING_RESOURCE, oneFindingPerRule } from '../../support/one-finding-per-rule.ts';
import { findingOf } from '../../support/rule-harness.ts';

const TEMPLATES_DIR = fileURLToPath(new URL('../../../templates/', import.meta.url));
const ctx = {
  routedBy: 'Assigned to you because the resource tag owner names you.',
  approvedStatus: 'Ready to Fix',
  declinedStatus: 'Not Doing',
};

/** Every text of an ADF document, in order, joined by newlines. */
function textOf(node: unknown): string {
  if (node === null || typeof node !== 'object') return '';
  const n = node as { text?: string; content?: unknown[] };
  return [n.text ?? '', ...(n.content ?? []).map(textOf)].filter((t) => t !== '').join('\n');
}

/** Every text node of an ADF document. */
function textNodes(node: unknown): Array<{ text: string; marks?: Array<{ type: string }> }> {
  if (node === null || typeof node !== 'object') return [];
  const n = node as { type?: string; content?: unknown[] };
  const own = n.type === 'text' ? [node as { text: string; marks?: Array<{ type: string }> }] : [];
  return [...own, ...(n.content ?? []).flatMap(textNodes)];
}

let templates: TemplateSet;
let findings: Finding[];
beforeAll(async () => {
  findings = oneFindingPerRule();
  templates = await loadTemplates(
    TEMPLATES_DIR,
    findings.map((f) => ({ id: f.ruleId, template: f.template })),
  );
});

describe('renderIssue for one finding of every rule', () => {
  it('covers all 15 rules', () => {
    expect(new Set(findings.map((f) => f.ruleId)).size).toBe(15);
  });

  it.each(Object.keys(MATCHING_RESOURCE))('%s: renders a description valid against the ADF JSON schema', (ruleId) => {
    const finding = findings.find((f) => f.ruleId === ruleId) as Finding;
    const { description } = renderIssue(finding, templates, ctx);
    expect(adfSchemaErrors(description)).toEqual([]);
    for (const node of textNodes(description)) {
      expect(node.text.trim()).not.toBe('');
      const marks = (node.marks ?? []).map((m) => m.type);
      expect(marks.includes('code') && marks.length > 1).toBe(false);
    }
  });

  it.each(Object.keys(MATCHING_RESOURCE))(
    '%s: shows evidence, formula, price, change and approve/decline',
    (ruleId) => {
      const finding = findings.find((f) => f.ruleId === ruleId) as Finding;
      const { summary, description, markdown } = renderIssue(finding, templates, ctx);
      const text = textOf(description);
      expect(summary.length).toBeLessThanOrEqual(255);
      expect(summary).toMatch(/^\[lakewarden\] (Warehouse|Cluster|Job) /);
      for (const item of finding.evidence) {
        expect(text).toContain(item.label);
        expect(text).toContain(formatMeasure(item.value, item.unit).unit);
      }
      expect(text).toContain(`Window: ${finding.window.start} to ${finding.window.end} (30 days, UTC)`);
      expect(text).toContain(`Formula: ${finding.estimate.formula}`);
      expect(text).toContain('list cost');
      if (finding.estimate.usdPerDbu !== null) expect(text).toMatch(/Price used: \$\d+\.\d{2,4} per DBU/);
      for (const change of finding.plan.changes) expect(text).toContain(change.field);
      expect(text).toContain(`Risk: ${finding.plan.risk}`);
      expect(text).toContain(ctx.routedBy);
      expect(text).toContain('"Not Doing"');
      if (finding.plan.autonomy === 'approval') expect(text).toContain('To approve, move this issue to "Ready to Fix"');
      else expect(text).not.toContain('Ready to Fix');
      expect(markdown).toContain('| Fact | Source | Value | Unit | Threshold |');
      expect(markdown).toContain(finding.estimate.formula.split(' ')[0] ?? '');
    },
  );
});

describe('renderIssue details', () => {
  const autoStop = (): Finding =>
    findingOf('warehouse-auto-stop-too-long', MATCHING_RESOURCE['warehouse-auto-stop-too-long'] as never);

  it('states the saving at the negotiated price next to list, only when one applies', () => {
    const listOnly = textOf(renderIssue(autoStop(), templates, ctx).description);
    expect(listOnly).not.toContain('negotiated');
    const base = autoStop();
    const finding: Finding = {
      ...base,
      estimate: {
        ...base.estimate,
        effective: { usdPerMonth: 446.88, ratio: 0.7, from: 'discount for SQL_PRO', source: 'configured discounts' },
      },
    };
    const text = textOf(renderIssue(finding, templates, ctx).description);
    expect(text).toContain('Estimated saving: $638.40 per month at list cost');
    expect(text).toContain(
      'At the negotiated price (discount for SQL_PRO; configured discounts): $446.88 per month. The figures above are at list price.',
    );
  });

  it('states the saving in USD with 2 decimals in the body and summary', () => {
    const { summary, description, markdown } = renderIssue(autoStop(), templates, ctx);
    expect(summary).toBe(
      '[lakewarden] Warehouse bi-warehouse: auto-stop 0 min (0 = never), idle 40 h after last queries (est. $638.40/month)',
    );
    expect(textOf(description)).toContain('Estimated saving: $638.40 per month at list cost');
    expect(textOf(description)).toContain('Price used: $0.70 per DBU');
    expect(markdown).toContain('| `auto_stop_mins` | 0 | 10 |');
  });

  it('names the resource id and workspace and links the resource page in the Databricks UI', () => {
    for (const [ruleId, path] of [
      ['warehouse-auto-stop-too-long', '/sql/warehouses/'],
      ['cluster-no-auto-termination', '/compute/clusters/'],
      ['job-no-timeout-runaway', '/jobs/'],
    ] as const) {
      const finding = findings.find((f) => f.ruleId === ruleId) as Finding;
      const url = `https://dbc-a1b2c3d4-e5f6.cloud.databricks.com${path}${finding.resource.id}`;
      expect(finding.resource.url).toBe(url);
      const { description, markdown } = renderIssue(finding, templates, ctx);
      expect(markdown).toContain(`in workspace prod (${finding.resource.workspaceId})`);
      expect(markdown).toContain(`[open in Databricks](<${url}>)`);
      expect(JSON.stringify(description)).toContain(JSON.stringify({ type: 'link', attrs: { href: url } }));
      expect(textOf(description)).toContain(finding.resource.id);
    }
  });

  it('renders missing values as — and claims no saving for a zero estimate', () => {
    const found = findings.find((f) => f.ruleId === 'warehouse-missing-tags') as Finding;
    const finding = {
      ...found,
      evidence: [...found.evidence, { fact: 'tags.team', label: 'Tag team', value: null, unit: 'tag value' }],
    };
    const { summary, description, markdown } = renderIssue(finding, templates, ctx);
    expect(summary).not.toContain('est.');
    expect(textOf(description)).toContain('No cost saving is claimed');
    expect(markdown).toContain('| Required tags missing or empty | `missingTags` | cost\\_center | tag keys |');
    expect(markdown).toContain('| Tag team | `tags.team` | — | tag value |');
  });

  it('warns that the change restarts a running resource', () => {
    const finding = findings.find((f) => f.ruleId === 'cluster-no-auto-termination') as Finding;
    expect(finding.plan.restarts).toBe(true);
    const doc = renderIssue(finding, templates, ctx).description;
    expect(doc.content.some((n) => n.type === 'panel')).toBe(true);
    expect(textOf(doc)).toContain('editing it restarts it');
  });

  it('cuts a long summary to 255 characters and keeps the estimate', () => {
    const finding = { ...autoStop() };
    finding.resource = { ...finding.resource, name: 'w'.repeat(400) };
    const { summary } = renderIssue(finding, templates, ctx);
    expect(summary).toHaveLength(255);
    expect(summary.endsWith('… (est. $638.40/month)')).toBe(true);
  });

  it('escapes Markdown in resource names but keeps the ADF text verbatim', () => {
    const finding = { ...autoStop() };
    finding.resource = { ...finding.resource, name: 'bi_*prod*|x' };
    const { description, markdown } = renderIssue(finding, templates, ctx);
    expect(markdown).toContain('bi\\_\\*prod\\*\\|x');
    expect(textOf(description)).toContain('bi_*prod*|x');
  });

  it('throws naming the template when the set lacks it', () => {
    const finding = { ...autoStop(), template: 'nope' };
    expect(() => renderIssue(finding, templates, ctx)).toThrow(/no template "nope"/);
  });
});

describe('renderResolutionComment', () => {
  it('says the problem is no longer detected as of the scan, in valid ADF', () => {
    const doc: AdfDoc = renderResolutionComment({
      scanId: 'scan-2026-11-02T06:00Z',
      scanTime: '2026-11-02T06:00:00Z',
      ruleTitle: 'SQL warehouse auto-stop is off or too long',
    });
    expect(adfSchemaErrors(doc)).toEqual([]);
    expect(textOf(doc).replace(/\n/g, '')).toContain(
      'SQL warehouse auto-stop is off or too long: no longer detected as of scan scan-2026-11-02T06:00Z (2026-11-02T06:00:00Z).',
    );
  });
});
