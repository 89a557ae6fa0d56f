import { z } from 'zod';
import { findResource, notAvailable } from './ask-context.ts';
import { defineTool } from './ask-tool.ts';

/**
 * get_cluster_events — counts of the cluster's reliability events in the window (REST cluster events:
 * DRIVER_OUT_OF_MEMORY terminations, driver not responding, nodes lost) plus CPU/memory utilisation
 * (percent). Event messages are never collected.
 */
export const getClusterEvents = defineTool({
  name: 'get_cluster_events',
  description:
    'Returns counts of cluster events in the window (out-of-memory terminations, driver not responding, nodes lost), average CPU and maximum memory use in percent, and runtime end of support. Event messages are not available.',
  parameters: z.object({}),
  run: (_args, context) => {
    const resource = findResource(context);
    if (resource === undefined) return notAvailable('no snapshot holds this resource');
    if (resource.kind !== 'cluster') return notAvailable(`the resource is a ${resource.kind}, not a cluster`);
    const f = resource.facts;
    return {
      window: context.snapshot?.window,
      oomTerminations: f.oomTerminations,
      driverNotRespondingEvents: f.driverNotRespondingEvents,
      nodesLostEvents: f.nodesLostEvents,
      avgCpuPct: f.avgCpuPct,
      maxMemPct: f.maxMemPct,
      runtimeEndOfSupport: f.runtimeEndOfSupport,
      note: 'individual events and their messages are not collected',
    };
  },
});
