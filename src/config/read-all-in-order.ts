import { readFile } from 'node:fs/promises';

/**
 * Reads UTF-8 files concurrently (each read is a thread-pool round trip) and returns their texts in the order
 * given, for the loaders of rule and template folders, which then check them in that order.
 * @throws the read error of the first file (in order) that could not be read, as a sequential loop would.
 */
export async function readAllInOrder(files: readonly string[]): Promise<string[]> {
  const settled = await Promise.allSettled(files.map((file) => readFile(file, 'utf8')));
  return settled.map((result) => {
    if (result.status === 'rejected') throw result.reason;
    return result.value;
  });
}
