import { rename, rm } from 'node:fs/promises';
import type { LoadedConfig } from '../config/load-config.ts';
import { saveSnapshot } from '../snapshot/load-snapshot.ts';
import { collectLive, parseWindow } from './live-collection.ts';
import type { Output } from './output.ts';

/**
 * `lakewarden snapshot collect --out <file> [--window 30d]`: collects a live snapshot and writes it. The
 * file is written to a temporary name and renamed only after the whole collection succeeded, so a failed
 * run never leaves a partial snapshot. Progress goes to stderr.
 */
export async function snapshotCollectCommand(
  loaded: LoadedConfig,
  options: { out: string; window?: string | undefined },
  output: Output,
): Promise<void> {
  const days = options.window === undefined ? undefined : parseWindow(options.window);
  const started = Date.now();
  const snapshot = await collectLive(loaded, { days, onProgress: (m) => output.err(`… ${m}`) });
  const temp = `${options.out}.partial-${process.pid}`;
  try {
    await saveSnapshot(temp, snapshot);
    await rename(temp, options.out);
  } finally {
    await rm(temp, { force: true });
  }
  output.out(
    `Snapshot of ${snapshot.resources.length} resources in ${snapshot.workspaces.length} workspace(s), window ${snapshot.window.start} … ${snapshot.window.end}, written to ${options.out} in ${((Date.now() - started) / 1000).toFixed(1)} s.`,
  );
}
