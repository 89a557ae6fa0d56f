import { readFile, writeFile } from 'node:fs/promises';
import { gunzipSync, gzipSync } from 'node:zlib';
import { InputError } from '../errors.ts';
import { parseSnapshot } from './parse-snapshot.ts';
import type { Snapshot } from './schema.ts';
import { detectSnapshotFormat, namesGzip, namesLines, type SnapshotFileFormat } from './snapshot-file-format.ts';
import { openSnapshotLines, writeSnapshotLines } from './snapshot-lines.ts';
import { collectSnapshot, type SnapshotSource, snapshotSourceOf } from './snapshot-source.ts';

/**
 * Opens a snapshot file of either layout, gzip-compressed or not (snapshot-file-format.ts): a JSON Lines file is
 * read resource by resource as the source is iterated; a JSON document is read and validated whole.
 * @throws InputError when the file is missing, is not JSON, or does not match the schema (names the record).
 */
export async function openSnapshot(path: string): Promise<SnapshotSource> {
  let format: Awaited<ReturnType<typeof detectSnapshotFormat>>;
  try {
    format = await detectSnapshotFormat(path);
  } catch (error) {
    throw new InputError(`${path}: cannot read snapshot file (${(error as NodeJS.ErrnoException).code ?? 'error'})`, {
      cause: error,
    });
  }
  if (format.layout === 'lines') return await openSnapshotLines(path, format.gzip);
  return snapshotSourceOf(await loadSnapshotDocument(path, format.gzip));
}

/**
 * Reads and validates a whole snapshot file (a JSON document or JSON Lines, gzip or not) into memory.
 * @throws InputError when the file is missing, is not JSON, or does not match the schema (names the record).
 */
export async function loadSnapshot(path: string): Promise<Snapshot> {
  return await collectSnapshot(await openSnapshot(path));
}

async function loadSnapshotDocument(path: string, gzip: boolean): Promise<Snapshot> {
  // The file's text is no longer referenced once parsed: validation runs without it in the heap.
  return parseSnapshot(await readJsonDocument(path, gzip), path);
}

/** Reads and JSON-parses a snapshot document. @throws InputError when the file is missing or not JSON. */
async function readJsonDocument(path: string, gzip: boolean): Promise<unknown> {
  let text: string;
  try {
    const bytes = await readFile(path);
    text = (gzip ? gunzipSync(bytes) : bytes).toString('utf8');
  } catch (error) {
    throw new InputError(`${path}: cannot read snapshot file (${(error as NodeJS.ErrnoException).code ?? 'error'})`, {
      cause: error,
    });
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new InputError(`${path}: not valid JSON (${(error as Error).message})`, { cause: error });
  }
}

/** The format a snapshot file name asks for (see saveSnapshot). */
export function snapshotFormatOfName(path: string): SnapshotFileFormat {
  return { layout: namesLines(path) ? 'lines' : 'json', gzip: namesGzip(path) };
}

/**
 * Writes a snapshot in `format`, by default the one its name asks for: a name ending in `.jsonl` or `.ndjson`
 * (optionally `.gz`) is written as JSON Lines (header line, one resource per line); any other name as one JSON
 * document with one resource per line (readable diffs). A name ending in `.gz` is gzip-compressed.
 */
export async function saveSnapshot(
  path: string,
  snapshot: Snapshot,
  format: SnapshotFileFormat = snapshotFormatOfName(path),
): Promise<void> {
  const { resources, ...head } = snapshot;
  if (format.layout === 'lines') {
    await writeSnapshotLines(path, head, resources, { gzip: format.gzip });
    return;
  }
  const body = resources.map((r) => `    ${JSON.stringify(r)}`).join(',\n');
  const headJson = JSON.stringify(head, null, 2).replace(/\n}$/, '');
  const text = `${headJson},\n  "resources": [\n${body}\n  ]\n}\n`;
  await writeFile(path, format.gzip ? gzipSync(text) : text);
}
