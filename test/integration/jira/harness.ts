import { vi } from 'vitest';
import { JiraSection } from '../../../src/config/jira-section.ts';
import { createJiraClient } from '../../../src/jira/create-jira-client.ts';
import type { JiraContext } from '../../../src/jira/jira-context.ts';
import { createJiraIssueTracker } from '../../../src/jira/jira-issue-tracker.ts';
import type { IssueDraft, IssueTracker } from '../../../src/tracker/issue-tracker.ts';
import {
  createFakeJira,
  FAKE_OWNER_ACCOUNT_ID,
  FAKE_SAVINGS_FIELD,
  type FakeJira,
  type FakeProject,
  type FakeWorkflow,
} from '../../support/fake-jira.ts';
import { server } from '../../support/msw.ts';

export interface Harness {
  fake: FakeJira;
  context: JiraContext;
  tracker: IssueTracker;
  /** The injected sleep: records the requested waits, never waits. */
  sleep: ReturnType<typeof vi.fn<(ms: number) => Promise<void>>>;
}

/** A fake Jira on msw plus a tracker built on a `'throw'`-mode jira.js client pointed at it. */
export function createHarness(
  options: {
    apiToken?: string;
    maxRetries?: number;
    searchMaxResults?: number;
    eventualConsistency?: boolean;
    resolutions?: Record<string, string>;
    projects?: FakeProject[];
    workflow?: FakeWorkflow;
  } = {},
): Harness {
  const fake = createFakeJira({
    eventualConsistency: options.eventualConsistency ?? false,
    ...(options.projects === undefined ? {} : { projects: options.projects }),
    ...(options.workflow === undefined ? {} : { workflow: options.workflow }),
  });
  server.use(...fake.handlers);
  const sleep = vi.fn(async (_ms: number): Promise<void> => {});
  const client = createJiraClient({
    baseUrl: fake.baseUrl,
    email: fake.state.email,
    apiToken: options.apiToken ?? fake.state.apiToken,
    onSchemaMismatch: 'throw',
  });
  const context: JiraContext = { client, retry: { maxRetries: options.maxRetries ?? 3, sleep, random: () => 0.5 } };
  const jira = JiraSection.parse({
    fields: { estimatedSavings: FAKE_SAVINGS_FIELD },
    maxRetries: options.maxRetries ?? 3,
    searchMaxResults: options.searchMaxResults ?? 500,
    resolutions: options.resolutions ?? {},
  });
  const tracker = createJiraIssueTracker({ context, projectKey: 'FIN', jira });
  return { fake, context, tracker, sleep };
}

/** A valid draft for fingerprint `fp` (16 hex in production; any lowercase hex here). */
export function draftFor(fp: string, overrides: Partial<IssueDraft> = {}): IssueDraft {
  return {
    fingerprint: fp,
    projectKey: undefined,
    summary: `Warehouse ${fp} never auto-stops`,
    description: {
      type: 'doc',
      version: 1,
      content: [{ type: 'paragraph', content: [{ type: 'text', text: `Finding ${fp}` }] }],
    },
    labels: ['lakewarden', 'lw-rule-warehouse-auto-stop', `lw-fp-${fp}`, 'lw-cost'],
    assigneeAccountId: FAKE_OWNER_ACCOUNT_ID,
    components: ['data-platform'],
    estimatedSavingsUsd: 412.5,
    property: { v: 1, fingerprint: fp, ruleId: 'warehouse-auto-stop' },
    contentHash: `hash-${fp}-1`,
    onScreen: { components: true, estimatedSavings: true },
    ...overrides,
  };
}

/** n distinct 16-hex fingerprints. */
export function fingerprints(n: number): string[] {
  return Array.from({ length: n }, (_, i) => `3f9a1c0d5e7b${i.toString(16).padStart(4, '0')}`);
}
