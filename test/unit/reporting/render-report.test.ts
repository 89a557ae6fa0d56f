import { describe, expect, it } from 'vitest';
import { reportCommand } from '../../../src/commands/report-command.ts';
import { buildReport } from '../../../src/reporting/build-report.ts';
import { renderCsvReport } from '../../../src/reporting/render-csv-report.ts';
import { renderHtmlReport } from '../../../src/reporting/render-html-report.ts';
import { renderMarkdownReport } from '../../../src/reporting/render-markdown-report.ts';
import { renderTextReport } from '../../../src/reporting/render-text-report.ts';
import { actionableReportInput, sampleReportInput } from './report-fixture.ts';

const report = buildReport(sampleReportInput());

describe('report renderers', () => {
  it('table: aligned columns with dollar figures', () => {
    const text = renderTextReport(report);
    expect(text).toContain('By team');
    expect(text).toMatch(/data-platform\s+3\s+\$2,950\.00\s+\$0\.00\s+2\s+\$2,900\.00\s+2\s+\$2,250\.00/);
    expect(text).toMatch(/31–90 days\s+1\s+\$900\.00/);
  });

  it('markdown: one table per section with right-aligned numbers and escaped pipes', () => {
    const md = renderMarkdownReport(report);
    expect(md).toContain('## Top open opportunities');
    expect(md).toContain(
      '| Team | Findings | Estimated USD/month | Excess USD/month (not savings) | Approved | Approved USD/month | Measured | Verified USD/month |',
    );
    expect(md).toContain('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
    expect(md).toContain('| analytics | 2 | $900.00 | $0.00 | 1 | $600.00 | 0 | $0.00 |');
  });

  it('csv: RFC 4180 quoting, plain numbers, a section column', () => {
    const csv = renderCsvReport(report);
    expect(csv).toContain(
      'section,Team,Findings,Estimated USD/month,Excess USD/month (not savings),Approved,Approved USD/month,Measured,Verified USD/month\r\n',
    );
    expect(csv).toContain('by-team,"ml, ""research""",1,900.00,0.00,0,0.00,0,0.00\r\n');
    expect(csv).toContain('by-workspace,ws-2,1,400.00,0.00,1,400.00,1,-150.00\r\n');
    expect(csv.endsWith('\r\n')).toBe(true);
  });

  it('csv: text that a spreadsheet would evaluate is neutralised; negative numbers are not', () => {
    const input = sampleReportInput();
    const evil = buildReport({ ...input, issues: input.issues.map((i) => ({ ...i, team: '=HYPERLINK("x")' })) });
    const csv = renderCsvReport(evil);
    expect(csv).toContain(`by-team,"'=HYPERLINK(""x"")",6,`);
    expect(csv).toContain(',-150.00');
  });

  it('html: self-contained — no external URL in src/href/link, no script, three charts with shapes', () => {
    const html = renderHtmlReport(report);
    expect(html).not.toMatch(/(?:src|href)\s*=\s*["']?\s*(?:https?:)?\/\//i);
    expect(html).not.toMatch(/<link\b/i);
    expect(html).not.toMatch(/<script\b/i);
    expect(html).not.toMatch(/https?:\/\//i);
    for (const id of ['chart-over-time', 'chart-by-team', 'chart-funnel']) {
      const figure = html.slice(html.indexOf(`id="${id}"`), html.indexOf('</figure>', html.indexOf(`id="${id}"`)));
      expect(figure, id).toMatch(/<rect /);
    }
    expect(html).toContain('<path d="M');
    // escaped team name
    expect(html).toContain('ml, &quot;research&quot;');
    expect(html).not.toContain('ml, "research"');
  });
});

describe('reportCommand options', () => {
  const deps = {
    store: { listIssues: async () => [] } as never,
    jiraConfig: { statuses: sampleReportInput().statuses } as never,
    now: () => new Date('2026-09-30T00:00:00Z'),
  };
  it('rejects an unknown format and a bad --since as input errors (exit 2)', async () => {
    const output = { out: () => {}, err: () => {} };
    await expect(reportCommand(deps, { format: 'pdf' }, output)).rejects.toMatchObject({
      name: 'InputError',
      message: expect.stringContaining('--format'),
    });
    await expect(reportCommand(deps, { since: '2026-13-45' }, output)).rejects.toMatchObject({
      name: 'InputError',
      message: expect.stringContaining('--since'),
    });
  });
});

describe('links in the markdown report', () => {
  it('links issue keys to Jira and resources to Databricks', () => {
    const md = renderMarkdownReport(buildReport(actionableReportInput()));
    expect(md).toContain('[FIN-1](https://example.atlassian.net/browse/FIN-1)');
    expect(md).toContain('[bi-warehouse-1](https://dbc-a1b2c3d4-e5f6.cloud.databricks.com/sql/warehouses/wh-1)');
    expect(md).not.toContain('javascript:');
  });
});
