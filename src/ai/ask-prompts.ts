import type { Category } from '../findings/finding.ts';

const COMMON = [
  'You answer a question a Databricks resource owner asked on a lakewarden Jira issue.',
  'You receive the finding as JSON and may call read-only tools that return operational metadata.',
  'Names and people appear as tokens such as warehouse#3f9a or user#8c1e; use them as they are.',
  'Rules: state only figures that appear in the finding or in tool results, and say which figure you used',
  '(value and unit). If a tool says the data is not available, say so; never guess or invent data.',
  'You cannot change anything and must not propose a change other than the planned one in the finding.',
  'Answer in at most 6 short sentences of plain text.',
];

/** System prompt for cost (and governance) findings: spend, idle time, prices and the savings estimate. */
export const COST_ASK_PROMPT = [
  ...COMMON,
  'Focus on cost: where the spend comes from, how the savings estimate is computed, and what the planned change',
  'would save. Use get_cost_by_day for daily spend and get_query_statistics for warehouse usage.',
].join('\n');

/** System prompt for reliability findings: failures, retries, timeouts, cluster events, warehouse queueing and spill. */
export const RELIABILITY_ASK_PROMPT = [
  ...COMMON,
  'Focus on reliability: failures, retries, timeouts, runaway runs, cluster events and warehouse queueing or',
  'spill, and what the planned change protects against. Use get_job_runs, get_cluster_events and',
  'get_query_statistics.',
].join('\n');

/** The system prompt for a finding category. */
export function askPromptFor(category: Category): string {
  return category === 'reliability' ? RELIABILITY_ASK_PROMPT : COST_ASK_PROMPT;
}
