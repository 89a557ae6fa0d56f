import type { OutboxItem, OutboxPort } from '../../src/remediation/ports.ts';

/** In-memory outbox: unique dedupeKey (enqueueing the same key twice keeps the first). */
export class MemoryOutbox implements OutboxPort {
  readonly items: OutboxItem[] = [];

  async enqueue(item: OutboxItem): Promise<void> {
    await Promise.resolve();
    if (this.items.some((i) => i.dedupeKey === item.dedupeKey)) return;
    this.items.push(structuredClone(item));
  }
}
