import { readFile, writeFile } from 'node:fs/promises';
import { InputError } from '../errors.ts';
import { parseSnapshot } from './parse-snapshot.ts';
import type { Snapshot } from './schema.ts';

/**
 * Reads and validates a snapshot JSON file.
 * @throws InputError when the file is missing, is not JSON, or does not match the schema (names the record).
 */
export async function loadSnapshot(path: string): Promise<Snapshot> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new InputError(`${path}: cannot read snapshot file (${(error as NodeJS.ErrnoException).code ?? 'error'})`, {
      cause: error,
    });
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new InputError(`${path}: not valid JSON (${(error as Error).message})`, { cause: error });
  }
  return parseSnapshot(data, path);
}

/** Writes a snapshot as JSON (one resource per line keeps diffs readable). */
export async function saveSnapshot(path: string, snapshot: Snapshot): Promise<void> {
  const { resources, ...head } = snapshot;
  const body = resources.map((r) => `    ${JSON.stringify(r)}`).join(',\n');
  const headJson = JSON.stringify(head, null, 2).replace(/\n}$/, '');
  await writeFile(path, `${headJson},\n  "resources": [\n${body}\n  ]\n}\n`, 'utf8');
}
