import { rename, rm } from 'node:fs/promises';
import { type LiveCollectionOptions, parseWindow } from '../databricks/collect/live-collection.ts';
import { saveSnapshot, snapshotFormatOfName } from '../snapshot/load-snapshot.ts';
import type { Snapshot } from '../snapshot/schema.ts';
import type { Output } from './output.ts';

/**
 * `lakewarden snapshot collect --out <file> [--window 30d] [--require-full]`: collects a live snapshot and writes
 * it (JSON Lines for `.jsonl`/`.ndjson`, gzip for `.gz`: see saveSnapshot). The file is written to a temporary name and renamed only after the collection succeeded, so a failed run
 * never leaves a partial snapshot. When the warehouse or a system table is unavailable the snapshot is degraded
 * (it lists what is missing, and one "degraded" line says so); `--require-full` makes that a failure instead.
 * Progress goes to stderr.
 */
export async function snapshotCollectCommand(
  options: { out: string; window?: string | undefined; requireFull?: boolean | undefined },
  output: Output,
  collect: (options: LiveCollectionOptions) => Promise<Snapshot>,
): Promise<void> {
  const days = options.window === undefined ? undefined : parseWindow(options.window);
  const started = Date.now();
  const snapshot = await collect({
    days,
    onProgress: (m) => output.err(`… ${m}`),
    requireFull: options.requireFull,
  });
  const temp = `${options.out}.partial-${process.pid}`;
  try {
    await saveSnapshot(temp, snapshot, snapshotFormatOfName(options.out));
    await rename(temp, options.out);
  } finally {
    await rm(temp, { force: true });
  }
  output.out(
    `Snapshot of ${snapshot.resources.length} resources in ${snapshot.workspaces.length} workspace(s), window ${snapshot.window.start} … ${snapshot.window.end}, written to ${options.out} in ${((Date.now() - started) / 1000).toFixed(1)} s.`,
  );
  const missing = snapshot.missing ?? [];
  if (missing.length > 0) {
    output.out(
      `degraded: missing ${missing.map((m) => m.table).join(', ')} (${[...new Set(missing.map((m) => m.reason))].join('; ')}); the REST inventory is complete, rules needing these tables will not be evaluated`,
    );
  }
}
