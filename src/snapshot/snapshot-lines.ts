import { once } from 'node:events';
import { createReadStream, createWriteStream } from 'node:fs';
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import { createGunzip, createGzip } from 'node:zlib';
import { InputError } from '../errors.ts';
import { createResourceCheck, parseSnapshotHeader, parseSnapshotResource } from './parse-snapshot.ts';
import type { Resource, SnapshotHeader } from './schema.ts';
import type { SnapshotSource } from './snapshot-source.ts';

/**
 * JSON Lines snapshots (https://jsonlines.org/): line 1 is the snapshot header (every Snapshot field but
 * `resources`: schemaVersion, window, baseline, workspaces, prices, missing), then one resource per line, each
 * validated with the same zod schema as `resources[]` of a JSON document (schema.ts). Optionally gzip-compressed.
 * Memory is one line at a time, so a snapshot is not bounded by V8's maximum string length like one JSON document.
 */

/**
 * Opens a JSON Lines snapshot: reads and validates the header line now; resources are read, parsed and validated
 * one line at a time as they are iterated (blank lines are skipped).
 * @param gzip whether the file is gzip-compressed (snapshot-file-format.ts detects it)
 * @throws InputError when the header is missing, not JSON or not a valid header; the iterator throws InputError
 *   naming the line and the record (`resources[12] (cluster 0123-…) config.autotermination_minutes: …`) for a bad
 *   resource, a resource of an unlisted workspace or a duplicate.
 */
export async function openSnapshotLines(path: string, gzip: boolean): Promise<SnapshotSource> {
  const lines = readLines(path, gzip);
  const iterator = lines[Symbol.asyncIterator]();
  let lineNo = 0;
  let header: SnapshotHeader;
  try {
    let first: IteratorResult<string>;
    do {
      first = await iterator.next();
      lineNo++;
    } while (first.done !== true && first.value.trim() === '');
    if (first.done === true) throw new InputError(`${path}: empty snapshot (no header line)`);
    header = parseSnapshotHeader(parseLine(first.value, path, lineNo), `${path}:${lineNo}`);
  } catch (error) {
    await iterator.return?.();
    throw error;
  }
  let consumed = false;
  return {
    header,
    size: undefined,
    async *resources() {
      if (consumed) throw new Error(`${path}: the resources of a JSON Lines snapshot can be read once`);
      consumed = true;
      const check = createResourceCheck(header, path);
      let index = 0;
      try {
        for (let next = await iterator.next(); next.done !== true; next = await iterator.next()) {
          lineNo++;
          if (next.value.trim() === '') continue;
          const origin = `${path}:${lineNo}`;
          const resource = parseSnapshotResource(parseLine(next.value, path, lineNo), index, origin);
          check(resource, index);
          index++;
          yield resource;
        }
      } finally {
        // Closes the file also when reading stops early (a bad line, a failed evaluation).
        await iterator.return?.();
      }
    },
  };
}

function readLines(path: string, gzip: boolean): AsyncIterable<string> {
  const file = createReadStream(path, { highWaterMark: 1 << 20 });
  const input: Readable = gzip ? file.pipe(createGunzip()) : file;
  if (gzip) file.on('error', (error) => input.destroy(error));
  return createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY });
}

function parseLine(line: string, path: string, lineNo: number): unknown {
  try {
    return JSON.parse(line);
  } catch (error) {
    throw new InputError(`${path}:${lineNo}: not valid JSON (${(error as Error).message})`, { cause: error });
  }
}

/**
 * Writes a JSON Lines snapshot: the header line, then one resource per line; gzip-compressed when `gzip`. Honours
 * back-pressure, so resources can come from a generator without being held together.
 * @throws the filesystem or zlib error when writing fails
 */
export async function writeSnapshotLines(
  path: string,
  header: SnapshotHeader,
  resources: Iterable<Resource> | AsyncIterable<Resource>,
  options: { gzip: boolean },
): Promise<number> {
  const file = createWriteStream(path);
  const out: Writable = options.gzip ? createGzip() : file;
  if (options.gzip) (out as Readable & Writable).pipe(file);
  const write = async (text: string): Promise<void> => {
    if (!out.write(text)) await once(out, 'drain');
  };
  let count = 0;
  await write(`${JSON.stringify(header)}\n`);
  for await (const resource of resources) {
    await write(`${JSON.stringify(resource)}\n`);
    count++;
  }
  out.end();
  await finished(file);
  return count;
}
