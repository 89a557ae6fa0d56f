import type { InboxDelivery, InboxPort } from '../../src/intake/inbox-port.ts';

/**
 * In-memory InboxPort with the store's semantics: a unique delivery id (first writer wins, checked
 * and inserted in one synchronous step, like INSERT … ON CONFLICT DO NOTHING). `failNext` makes the
 * next call reject, as an unreachable store would.
 */
export class MemoryInbox implements InboxPort {
  readonly deliveries = new Map<string, InboxDelivery>();
  failing = false;

  async recordDelivery(delivery: InboxDelivery): Promise<'accepted' | 'duplicate'> {
    await Promise.resolve();
    if (this.failing) throw new Error('SQLITE_BUSY: database is locked');
    if (this.deliveries.has(delivery.deliveryId)) return 'duplicate';
    this.deliveries.set(delivery.deliveryId, delivery);
    return 'accepted';
  }

  async isRecorded(delivery: Pick<InboxDelivery, 'deliveryId' | 'source' | 'body'>): Promise<boolean> {
    await Promise.resolve();
    if (this.failing) throw new Error('SQLITE_BUSY: database is locked');
    const stored = this.deliveries.get(delivery.deliveryId);
    return stored !== undefined && stored.source === delivery.source && stored.body === delivery.body;
  }
}
