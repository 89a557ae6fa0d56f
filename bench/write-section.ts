import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';

/**
 * Replaces the block between `<!-- bench:<name>:start -->` and `<!-- bench:<name>:end -->` (default name `rules`) in `file` with
 * `body`, keeping every other section intact. Appends the block when the markers are missing and creates the
 * file (with a title) when it does not exist.
 */
export async function writeBenchSection(file: string, body: string, name = 'rules'): Promise<void> {
  const START = `<!-- bench:${name}:start -->`;
  const END = `<!-- bench:${name}:end -->`;
  const block = `${START}\n${body.trim()}\n${END}`;
  const text = existsSync(file) ? await readFile(file, 'utf8') : '# Benchmarks\n';
  const start = text.indexOf(START);
  const end = text.indexOf(END);
  const next =
    start >= 0 && end > start
      ? `${text.slice(0, start)}${block}${text.slice(end + END.length)}`
      : `${text.trimEnd()}\n\n${block}\n`;
  await writeFile(file, next, 'utf8');
}
