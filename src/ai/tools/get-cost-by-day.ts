import { z } from 'zod';
import { findResource, notAvailable } from './ask-context.ts';
import { defineTool } from './ask-tool.ts';

const DAY_MS = 86_400_000;

/**
 * get_cost_by_day — the resource's list cost per UTC day (USD) from the snapshot's daily `costUsd` series
 * (system.billing.usage × list prices), the last `days` days up to the window end, oldest first.
 */
export const getCostByDay = defineTool({
  name: 'get_cost_by_day',
  description:
    'Returns the list cost of the resource per UTC day in USD (from billing usage), for the last `days` days up to the end of the window, oldest first.',
  parameters: z.object({
    days: z.number().int().min(1).max(90).default(14).describe('How many days to return (1–90, default 14).'),
  }),
  run: ({ days }, context) => {
    const series = findResource(context)?.series?.costUsd;
    const end = context.snapshot?.window.end;
    if (series === undefined || series.length === 0 || end === undefined)
      return notAvailable('no daily cost series for this resource in the snapshot');
    const slice = series.slice(-days);
    const endMs = Date.parse(`${end}T00:00:00Z`);
    return {
      unit: 'USD per day (list price)',
      days: slice.map((costUsd, i) => ({
        date: new Date(endMs - (slice.length - 1 - i) * DAY_MS).toISOString().slice(0, 10),
        costUsd: Math.round(costUsd * 100) / 100,
      })),
    };
  },
});
