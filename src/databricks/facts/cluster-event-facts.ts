import type { ClusterEvent } from '../rest/schemas.ts';

/** Event types requested from POST /api/2.1/clusters/events for the reliability facts. */
export const RELIABILITY_EVENT_TYPES = [
  'TERMINATING',
  'DRIVER_NOT_RESPONDING',
  'DRIVER_UNAVAILABLE',
  'NODES_LOST',
] as const;

/** Counts ClusterFacts.oomTerminations, driverNotRespondingEvents and nodesLostEvents from cluster events. */
export function clusterEventFacts(events: readonly ClusterEvent[]): {
  oomTerminations: number;
  driverNotRespondingEvents: number;
  nodesLostEvents: number;
} {
  let oomTerminations = 0;
  let driverNotRespondingEvents = 0;
  let nodesLostEvents = 0;
  for (const event of events) {
    if (event.type === 'TERMINATING' && event.details?.reason?.code === 'DRIVER_OUT_OF_MEMORY') oomTerminations++;
    else if (event.type === 'DRIVER_NOT_RESPONDING' || event.type === 'DRIVER_UNAVAILABLE') driverNotRespondingEvents++;
    else if (event.type === 'NODES_LOST') nodesLostEvents++;
  }
  return { oomTerminations, driverNotRespondingEvents, nodesLostEvents };
}
