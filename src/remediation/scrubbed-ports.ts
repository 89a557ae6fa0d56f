import { scrubJson } from '../logging/scrub-secrets.ts';
import type { ActionStorePort, HistoryPort, OutboxPort, StepPorts, Transact } from './ports.ts';

/**
 * Wraps the ports an action step writes through so every string is scrubbed of secrets (the same scrubber
 * as the logs, src/logging/scrub-secrets.ts) **before** it is persisted: history events (hash-chained,
 * append-only: a secret written there can never be removed), outbox payloads and action records. A
 * Databricks error body that echoes a token therefore reaches neither the store nor Jira.
 */
export function scrubStepPorts<P extends StepPorts>(ports: P, scrub: (text: string) => string): P {
  return {
    ...ports,
    actions: scrubActions(ports.actions, scrub),
    history: scrubHistory(ports.history, scrub),
    outbox: scrubOutbox(ports.outbox, scrub),
  };
}

/** {@link Transact} whose work receives scrubbing ports (see {@link scrubStepPorts}). */
export function scrubTransact(transact: Transact, scrub: (text: string) => string): Transact {
  return (work) => transact((ports) => work(scrubStepPorts(ports, scrub)));
}

export function scrubActions(actions: ActionStorePort, scrub: (text: string) => string): ActionStorePort {
  return {
    ...actions,
    claim: (record) => actions.claim(scrubJson(record, scrub)),
    update: (id, expected, patch) => actions.update(id, expected, scrubJson(patch, scrub)),
    get: (id) => actions.get(id),
    getByKey: (actionKey) => actions.getByKey(actionKey),
    listByStates: (states) => actions.listByStates(states),
    countRecent: (query) => actions.countRecent(query),
  };
}

export function scrubHistory(history: HistoryPort, scrub: (text: string) => string): HistoryPort {
  return { append: (actionId, at, event) => history.append(actionId, at, scrubJson(event, scrub)) };
}

export function scrubOutbox<O extends OutboxPort>(outbox: O, scrub: (text: string) => string): O {
  return { ...outbox, enqueue: (item) => outbox.enqueue(scrubJson(item, scrub)) };
}
