import { writeFile } from 'node:fs/promises';
import { z } from 'zod';
import type { JiraSection } from '../config/jira-section.ts';
import { InputError } from '../errors.ts';
import type { Store } from '../records/store.ts';
import { buildReport } from '../reporting/build-report.ts';
import { renderCsvReport } from '../reporting/render-csv-report.ts';
import { renderHtmlReport } from '../reporting/render-html-report.ts';
import { renderMarkdownReport } from '../reporting/render-markdown-report.ts';
import { renderTextReport } from '../reporting/render-text-report.ts';
import type { SavingsReport } from '../reporting/savings-report.ts';
import { listActions } from '../store/action-store.ts';
import type { DatabaseHandle } from '../store/database-handle.ts';
import { listSavingsLedger } from '../store/savings-store.ts';
import type { IssueStatusSource } from '../tracker/issue-tracker.ts';
import type { Output } from './output.ts';

/** Output formats of `lakewarden report`. */
export const ReportFormat = z.enum(['table', 'markdown', 'csv', 'json', 'html']);
export type ReportFormat = z.infer<typeof ReportFormat>;

/** Options of `lakewarden report` as the CLI passes them (validated here). */
export const ReportOptions = z.object({
  format: ReportFormat.default('table'),
  /** File to write; stdout when absent. */
  out: z.string().min(1).optional(),
  /** `YYYY-MM-DD`: only what happened on or after this day. */
  since: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD')
    .refine((d) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)), 'must be a real date')
    .optional(),
});

/** Most actions read for a report. */
const ACTION_LIMIT = 100_000;
/** Length of the top-opportunities list. */
const TOP_N = 10;

/** What `lakewarden report` needs (wired in cli.ts). */
export interface ReportDeps {
  store: Pick<Store, 'listIssues'> & DatabaseHandle;
  /** Current Jira statuses; absent = statuses derived from the store (offline report). */
  statuses?: IssueStatusSource;
  jiraConfig: JiraSection;
  /** JIRA_BASE_URL: issue keys in the report link to `<url>/browse/<key>`; absent = plain keys. */
  jiraBaseUrl?: string | undefined;
  now: () => Date;
  /** Writes `--out`; defaults to node:fs/promises writeFile (UTF-8). */
  writeText?: (path: string, text: string) => Promise<void>;
}

/** Renders a report in one format. */
export function renderReport(report: SavingsReport, format: ReportFormat): string {
  switch (format) {
    case 'table':
      return renderTextReport(report);
    case 'markdown':
      return renderMarkdownReport(report);
    case 'csv':
      return renderCsvReport(report);
    case 'json':
      return JSON.stringify(report, null, 2);
    case 'html':
      return renderHtmlReport(report);
    default: {
      const unreachable: never = format;
      throw new InputError(`unknown report format ${String(unreachable)}`);
    }
  }
}

/**
 * `lakewarden report [--format table|markdown|csv|json|html] [--out FILE] [--since YYYY-MM-DD]`: estimated,
 * approved and verified savings by team, owner, rule, workspace and month, counts by status, time waiting
 * for approval, top open opportunities — computed from the store (issues, actions, savings ledger) and, when
 * a status source is given, current Jira statuses. Jira gadgets count issues but cannot sum number fields,
 * hence this command (docs/reporting.md).
 *
 * @returns the report (also printed, or written to `out`).
 * When Jira cannot be read the report still runs, with statuses from the store and a warning on stderr.
 *
 * @throws InputError for an unknown format or a bad `--since` (exit 2).
 */
export async function reportCommand(
  deps: ReportDeps,
  options: { format?: string; out?: string; since?: string },
  output: Output,
): Promise<SavingsReport> {
  const parsed = ReportOptions.safeParse(options);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new InputError(
      `lakewarden report: --${String(issue?.path[0] ?? 'option')} ${issue?.message ?? 'is invalid'}`,
    );
  }
  const { format, out, since } = parsed.data;
  const [issues, actions, ledger] = await Promise.all([
    deps.store.listIssues(),
    listActions(deps.store, { limit: ACTION_LIMIT }),
    listSavingsLedger(deps.store),
  ]);
  let jiraStatuses: Awaited<ReturnType<IssueStatusSource['statusesByIssueId']>> | undefined;
  try {
    jiraStatuses = await deps.statuses?.statusesByIssueId();
  } catch (error) {
    // The totals come from the store; only the status column needs Jira. Say so and carry on.
    output.err(
      `Jira statuses unavailable (${error instanceof Error ? error.message : String(error)}); statuses are lakewarden's last view from the store`,
    );
  }
  const report = buildReport({
    issues,
    actions,
    ledger,
    jiraStatuses,
    statuses: deps.jiraConfig.statuses,
    now: deps.now(),
    since,
    topN: TOP_N,
    jiraBaseUrl: deps.jiraBaseUrl,
  });
  const text = renderReport(report, format);
  if (out === undefined) {
    output.out(text);
  } else {
    await (deps.writeText ?? ((path, body) => writeFile(path, body, 'utf8')))(out, text);
    output.err(`wrote ${format} report to ${out}`);
  }
  return report;
}
