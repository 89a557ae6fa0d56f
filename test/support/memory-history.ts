import { createHash } from 'node:crypto';
import { canonicalJson } from '../../src/json/canonical-json.ts';
import type { HistoryEntry, HistoryPort } from '../../src/remediation/ports.ts';

/** In-memory append-only history with the store's hash chain: hash = sha256(prev_hash | action | at | event). */
export class MemoryHistory implements HistoryPort {
  readonly events: Array<{
    seq: number;
    actionId: string;
    at: string;
    event: Record<string, unknown>;
    prevHash: string;
    hash: string;
  }> = [];

  async append(actionId: string, at: string, event: Record<string, unknown>): Promise<HistoryEntry> {
    await Promise.resolve();
    const prevHash = this.events.at(-1)?.hash ?? '0'.repeat(64);
    const hash = createHash('sha256')
      .update([prevHash, actionId, at, canonicalJson(event)].join('|'))
      .digest('hex');
    const seq = this.events.length + 1;
    this.events.push({ seq, actionId, at, event: structuredClone(event), prevHash, hash });
    return { seq, hash };
  }

  /** Event names of one action, in order. */
  namesOf(actionId: string): string[] {
    return this.events.filter((e) => e.actionId === actionId).map((e) => String(e.event.event));
  }
}
