import { jiraBootstrapCommand } from '../../../src/commands/jira-bootstrap-command.ts';
import { JiraSection } from '../../../src/config/jira-section.ts';
import { SavingsSection } from '../../../src/config/savings-section.ts';
import type { AdfNode } from '../../../src/document/adf.ts';
import { createJiraClient } from '../../../src/jira/create-jira-client.ts';
import type { JiraContext } from '../../../src/jira/jira-context.ts';
import { createJiraIssueTracker } from '../../../src/jira/jira-issue-tracker.ts';
import type { IssueRecord } from '../../../src/records/store.ts';
import { addDays } from '../../../src/savings/measurement-windows.ts';
import type { DailyCost } from '../../../src/snapshot/billing-source.ts';
import { createStore, type OpenedStore } from '../../../src/store/create-store.ts';
import type { IssueTracker } from '../../../src/tracker/issue-tracker.ts';
import { createFakeJira, type FakeJira } from '../../support/fake-jira.ts';
import { server } from '../../support/msw.ts';

/** A fake Jira (fields and filters bootstrapped), a jira.js context on it, and a fresh in-memory store. */
export interface SavingsWorld {
  fake: FakeJira;
  context: JiraContext;
  /** The Jira Cloud tracker on the fake (bootstrapped fields configured). */
  tracker: IssueTracker;
  store: OpenedStore;
  jiraConfig: JiraSection;
  savings: SavingsSection;
  estimatedField: string;
  verifiedField: string;
  /** Files an issue in the fake Jira and records it in the store. */
  fileIssue(overrides: Partial<IssueRecord> & { fingerprint: string; resourceId: string }): Promise<IssueRecord>;
}

export async function createSavingsWorld(): Promise<SavingsWorld> {
  const fake = createFakeJira();
  server.use(...fake.handlers);
  const client = createJiraClient({
    baseUrl: fake.baseUrl,
    email: fake.state.email,
    apiToken: fake.state.apiToken,
    onSchemaMismatch: 'throw',
  });
  const context: JiraContext = { client, retry: { maxRetries: 0, sleep: async () => {}, random: () => 0 } };
  const silent = { out: () => {}, err: () => {} };
  const boot = await jiraBootstrapCommand(
    {
      jira: createJiraIssueTracker({ context, projectKey: 'FIN', jira: JiraSection.parse({}) }),
      projectKey: 'FIN',
      jiraConfig: JiraSection.parse({}),
    },
    { apply: true },
    silent,
  );
  const estimatedField = boot.fields.find((f) => f.key === 'estimatedSavings')?.id ?? '';
  const verifiedField = boot.fields.find((f) => f.key === 'verifiedSavings')?.id ?? '';
  const jiraConfig = JiraSection.parse({
    fields: { estimatedSavings: estimatedField, verifiedSavings: verifiedField },
  });
  const store = await createStore({ sqlitePath: ':memory:' });
  return {
    fake,
    context,
    tracker: createJiraIssueTracker({ context, projectKey: 'FIN', jira: jiraConfig }),
    store,
    jiraConfig,
    savings: SavingsSection.parse({}),
    estimatedField,
    verifiedField,
    async fileIssue(overrides) {
      const estimate = overrides.estimatedSavingsUsd ?? 100;
      const created = await client.issues.createIssue({
        fields: {
          project: { key: 'FIN' },
          issuetype: { name: 'Task' },
          summary: `Finding ${overrides.fingerprint}`,
          labels: ['lakewarden', `lw-fp-${overrides.fingerprint}`, 'lw-cost'],
          [estimatedField]: estimate,
        },
      });
      const record: IssueRecord = {
        issueId: created.id,
        issueKey: created.key,
        ruleId: 'warehouse-auto-stop',
        workspaceId: '1234567890',
        resourceKind: 'warehouse',
        state: 'open',
        contentHash: 'h',
        estimatedSavingsUsd: estimate,
        owner: 'dana.owner@example.com',
        team: 'data-platform',
        firstSeenAt: '2026-08-20T09:00:00.000Z',
        lastSeenAt: '2026-09-10T09:00:00.000Z',
        declinedAt: null,
        resolvedAt: null,
        ...overrides,
      };
      await store.upsertIssue(record);
      return record;
    },
  };
}

/** `days` consecutive billing rows from `from`, each `usd` of list cost and `activity` units. */
export function dailyRows(from: string, days: number, usd: number, activity?: number): DailyCost[] {
  return Array.from({ length: days }, (_, i) => ({
    day: addDays(from, i),
    usd,
    dbus: usd / 0.7,
    ...(activity === undefined ? {} : { activity }),
  }));
}

/** All text of an ADF document: blocks on their own lines, table cells separated by one space, spans joined. */
export function adfPlainText(node: unknown): string {
  const n = node as AdfNode & { text?: string };
  if (n.type === 'text') return n.text ?? '';
  const separator = n.type === 'doc' || n.type === 'table' ? '\n' : n.type === 'tableRow' ? ' ' : '';
  return (n.content ?? []).map(adfPlainText).join(separator);
}
