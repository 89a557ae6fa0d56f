/**
 * The durable inbox the approval flow writes verified deliveries to (main.ts wires the kysely store to it;
 * the tracker side is `IssueTracker` in src/tracker/). All times are ISO-8601 UTC strings.
 */

/** One verified webhook delivery as stored in the durable inbox (store table `inbox`). */
export interface InboxDelivery {
  /**
   * `X-Atlassian-Webhook-Identifier`, a derived key for Automation calls, or for the polling intake
   * `poll:changelog:<issueId>:<changelogId>` / `poll:comment:<issueId>:<commentId>`. Unique.
   */
  deliveryId: string;
  source: 'jira-webhook' | 'jira-automation' | 'jira-poll';
  receivedAt: string;
  /** The raw body as received (UTF-8). */
  body: string;
}

/** The durable inbox. `recordDelivery` must be atomic on `deliveryId` (INSERT … ON CONFLICT DO NOTHING). */
export interface InboxPort {
  /** @returns 'accepted' when stored now, 'duplicate' when the id was already stored. @throws when the store fails. */
  recordDelivery(delivery: InboxDelivery): Promise<'accepted' | 'duplicate'>;
  /**
   * True when a delivery with this id, source and byte-identical body is already stored: a redelivery, which
   * {@link recordDelivery} would answer 'duplicate'. A read that changes nothing; the webhook route asks it before
   * parsing, so a redelivery costs one indexed lookup. recordDelivery stays the atomic guard (a false here proves
   * nothing). @throws when the store fails.
   */
  isRecorded(delivery: Pick<InboxDelivery, 'deliveryId' | 'source' | 'body'>): Promise<boolean>;
}
