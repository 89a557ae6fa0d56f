import type { ActionState } from '../../src/remediation/action-machine.ts';
import type { ActionRecord } from '../../src/remediation/action-record.ts';
import type { ActionCounts } from '../../src/remediation/guardrails.ts';
import type { ActionStorePort } from '../../src/remediation/ports.ts';

/**
 * In-memory ActionStorePort with the store's guarantees: `claim` is unique on actionKey (check and insert
 * in one synchronous step after an await, like INSERT … ON CONFLICT DO NOTHING), `update` is a
 * compare-and-set on the state. Records are copied in and out so callers cannot mutate stored state.
 */
export class MemoryActionStore implements ActionStorePort {
  readonly rows = new Map<string, ActionRecord>();
  /** Every state a record was persisted in, in order, per action id (for write-ahead assertions). */
  readonly stateLog: Array<{ id: string; state: ActionState; attempts: number }> = [];

  async claim(record: ActionRecord): Promise<'claimed' | 'exists'> {
    await Promise.resolve();
    for (const row of this.rows.values()) if (row.actionKey === record.actionKey) return 'exists';
    this.rows.set(record.id, structuredClone(record));
    this.stateLog.push({ id: record.id, state: record.state, attempts: record.attempts });
    return 'claimed';
  }

  async update(id: string, expected: ActionState, patch: Partial<ActionRecord>): Promise<boolean> {
    await Promise.resolve();
    const row = this.rows.get(id);
    if (row === undefined || row.state !== expected) return false;
    const next = { ...row, ...structuredClone(patch) };
    this.rows.set(id, next);
    this.stateLog.push({ id, state: next.state, attempts: next.attempts });
    return true;
  }

  async get(id: string): Promise<ActionRecord | undefined> {
    const row = this.rows.get(id);
    return row === undefined ? undefined : structuredClone(row);
  }

  async getByKey(actionKey: string): Promise<ActionRecord | undefined> {
    for (const row of this.rows.values()) if (row.actionKey === actionKey) return structuredClone(row);
    return undefined;
  }

  async listByStates(states: readonly ActionState[]): Promise<ActionRecord[]> {
    return [...this.rows.values()].filter((r) => states.includes(r.state)).map((r) => structuredClone(r));
  }

  async countRecent(query: {
    owner: string | null;
    resource: ActionRecord['resource'];
    now: Date;
  }): Promise<ActionCounts> {
    const counted = [...this.rows.values()].filter((r) => r.state !== 'queued' && r.state !== 'refused');
    const since = (ms: number) => counted.filter((r) => query.now.getTime() - Date.parse(r.createdAt) < ms);
    const hour = since(3_600_000);
    const day = since(86_400_000);
    const onResource = counted
      .filter((r) => r.resource.id === query.resource.id && r.resource.kind === query.resource.kind)
      .map((r) => r.createdAt)
      .sort();
    return {
      lastHour: hour.length,
      lastDay: day.length,
      ownerLastHour: hour.filter((r) => r.owner === query.owner).length,
      ownerLastDay: day.filter((r) => r.owner === query.owner).length,
      kindLastHour: hour.filter((r) => r.resource.kind === query.resource.kind).length,
      lastActionOnResourceAt: onResource.at(-1) ?? null,
    };
  }
}
