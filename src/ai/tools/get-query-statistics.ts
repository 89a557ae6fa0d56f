import { z } from 'zod';
import { findResource, notAvailable } from './ask-context.ts';
import { defineTool } from './ask-tool.ts';

/**
 * get_query_statistics — the warehouse's query statistics over the window (system.query.history counters
 * only: counts, spill, queueing and duration percentiles in ms, utilisation percent). Query text and error
 * messages are never collected.
 */
export const getQueryStatistics = defineTool({
  name: 'get_query_statistics',
  description:
    'Returns query statistics of the SQL warehouse of this issue over the window: query count, failed queries, queries with spill, spilled bytes, queued queries, p95 queue time and p95 duration in ms, utilisation percent, running and idle hours. Query text is not available.',
  parameters: z.object({}),
  run: (_args, context) => {
    const resource = findResource(context);
    if (resource === undefined) return notAvailable('no snapshot holds this resource');
    if (resource.kind !== 'warehouse') return notAvailable(`the resource is a ${resource.kind}, not a SQL warehouse`);
    const f = resource.facts;
    return {
      window: context.snapshot?.window,
      queryCount: f.queryCount,
      failedQueryCount: f.failedQueryCount,
      queriesWithSpill: f.queriesWithSpill,
      spilledBytes: f.spilledBytes,
      queuedQueries: f.queuedQueries,
      p95QueueMs: f.p95QueueMs,
      p95DurationMs: f.p95DurationMs,
      utilizationPct: f.utilizationPct,
      runningHours: f.runningHours,
      idleHours: f.idleHours,
      note: 'query text and error messages are not collected',
    };
  },
});
