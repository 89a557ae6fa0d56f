import type { Category } from '../../findings/finding.ts';
import type { AskTool } from './ask-tool.ts';
import { getClusterEvents } from './get-cluster-events.ts';
import { getCostByDay } from './get-cost-by-day.ts';
import { getFinding } from './get-finding.ts';
import { getJobRuns } from './get-job-runs.ts';
import { getQueryStatistics } from './get-query-statistics.ts';
import { getRelatedFindings } from './get-related-findings.ts';
import { getResourceConfig } from './get-resource-config.ts';

/** Tools for cost (and governance) questions: spend, usage and configuration. */
export const COST_TOOLS: readonly AskTool[] = [
  getFinding,
  getResourceConfig,
  getCostByDay,
  getQueryStatistics,
  getRelatedFindings,
];

/** Tools for reliability questions: runs, events, warehouse query statistics (failures, spill, queueing) and configuration. */
export const RELIABILITY_TOOLS: readonly AskTool[] = [
  getFinding,
  getResourceConfig,
  getJobRuns,
  getClusterEvents,
  getQueryStatistics,
  getCostByDay,
  getRelatedFindings,
];

/** The tool set for a finding category. */
export function toolsFor(category: Category): readonly AskTool[] {
  return category === 'reliability' ? RELIABILITY_TOOLS : COST_TOOLS;
}
