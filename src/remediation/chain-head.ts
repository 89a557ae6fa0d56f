/**
 * The history chain head as lakewarden publishes it in every evidence comment: the `seq` and `hash` of the
 * history event appended with the comment (docs/approvals.md §7). Published outside the store, the heads
 * let `lakewarden actions verify --against-jira` detect a truncated or consistently rewritten history,
 * which a chain recomputed from the store alone cannot.
 */
export interface ChainHead {
  seq: number;
  /** SHA-256 hex of the history event at `seq`. */
  hash: string;
}

/** The machine-readable marker embedded in evidence comments, e.g. `lakewarden-chain:42:9f…`. */
export function chainHeadMarker(head: ChainHead): string {
  return `lakewarden-chain:${head.seq}:${head.hash}`;
}

/** Every chain-head marker in a text (a comment body serialized as JSON is fine). */
export function parseChainHeads(text: string): ChainHead[] {
  return [...text.matchAll(/lakewarden-chain:(\d+):([0-9a-f]{64})/g)].map((m) => ({
    seq: Number(m[1]),
    hash: m[2] ?? '',
  }));
}

/** A head published in Jira, with the issue it was found on. */
export interface PublishedHead extends ChainHead {
  issueKey: string;
}

export type PublishedHeadsVerdict =
  | { ok: true; checked: number; newest: PublishedHead | undefined }
  | { ok: false; head: PublishedHead; reason: 'missing' | 'different'; localCount: number };

/**
 * Compares the heads published in Jira with the local history (pure). Each published head must exist
 * locally with the same hash: a head beyond the local end means the newest events were deleted
 * (`missing`); a different hash at that seq means the chain was rewritten from there (`different`).
 * Checked from the newest head down, so the verdict names the latest evidence that disagrees.
 *
 * @param localHash the local hash at a seq, or undefined when the local history has no such event.
 * @param localCount number of events in the local history.
 */
export function comparePublishedHeads(
  published: readonly PublishedHead[],
  localHash: (seq: number) => string | undefined,
  localCount: number,
): PublishedHeadsVerdict {
  const newestFirst = [...published].sort((a, b) => b.seq - a.seq);
  for (const head of newestFirst) {
    const hash = localHash(head.seq);
    if (hash === undefined) return { ok: false, head, reason: 'missing', localCount };
    if (hash !== head.hash) return { ok: false, head, reason: 'different', localCount };
  }
  return { ok: true, checked: published.length, newest: newestFirst[0] };
}
