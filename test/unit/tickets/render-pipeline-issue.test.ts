import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { resourceUrlOf } from '../../../src/findings/resource-link.ts';
import { kindLabelOf } from '../../../src/tickets/issue-context.ts';
import { loadTemplates } from '../../../src/tickets/load-templates.ts';
import { renderIssue } from '../../../src/tickets/render-issue.ts';
import { adfSchemaErrors } from '../../support/adf-schema.ts';
import { buildPipeline } from '../../support/resource-builders.ts';
import { findingOf } from '../../support/rule-harness.ts';

const TEMPLATES_DIR = fileURLToPath(new URL('../../../templates/', import.meta.url));
const HOST = 'https://dbc-a1b2c3d4-e5f6.cloud.databricks.com';
const ctx = {
  routedBy: 'Assigned to you because the resource tag owner names you.',
  approvedStatus: 'Ready to Fix',
  declinedStatus: 'Not Doing',
};

describe('pipeline findings in issues', () => {
  it('links a pipeline to its page in the Databricks UI and labels its kind', () => {
    expect(resourceUrlOf(HOST, buildPipeline())).toBe(`${HOST}/pipelines/0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d`);
    expect(kindLabelOf('pipeline')).toBe('Pipeline');
  });

  it('renders both pipeline rules with their templates: kind, name, id, link and the matched evidence', async () => {
    const findings = [
      findingOf('pipeline-development-mode-scheduled', buildPipeline({ config: { development: true } })),
      findingOf(
        'pipeline-continuous-little-work',
        buildPipeline({
          config: { continuous: true },
          facts: {
            billedHours: 720,
            costUsd: 1800,
            dbus: 5000,
            activeHours: 36,
            scheduledUpdates: 0,
            updateHours: 720,
          },
        }),
      ),
    ];
    const templates = await loadTemplates(
      TEMPLATES_DIR,
      findings.map((f) => ({ id: f.ruleId, template: f.template })),
    );
    for (const finding of findings) {
      const url = `${HOST}/pipelines/${finding.resource.id}`;
      expect(finding.resource.url).toBe(url);
      const { summary, description, markdown } = renderIssue(finding, templates, ctx);
      expect(adfSchemaErrors(description)).toEqual([]);
      expect(summary).toContain('Pipeline orders-bronze-pipeline');
      expect(markdown).toContain(`[open in Databricks](<${url}>)`);
      expect(markdown).toContain(finding.resource.id);
    }
    const [dev, continuous] = findings.map((f) => renderIssue(f, templates, ctx).markdown);
    expect(dev).toContain('billed for 30 hours while its updates ran for 15 hours');
    expect(dev).toContain('| Scheduled updates | `scheduledUpdates` | 30 | updates | at least 5 on at least 3 days |');
    // branches that did not match are not shown
    expect(dev).not.toContain('config.continuous');
    expect(dev).not.toContain('config.trigger_cron');
    expect(continuous).toContain('billed for 720 hours ($1,800 at list price) but wrote rows in only 36 of them');
  });
});
