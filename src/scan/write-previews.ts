import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { SyncPreview } from '../tickets/sync-result.ts';

/**
 * Writes one Markdown preview and one ADF JSON per issue created, updated or resolved (or that would be)
 * under `dir`, named `<action>-<fingerprint>.md|.adf.json`, plus `index.md` listing them.
 * @returns the number of issues written
 */
export async function writePreviews(dir: string, previews: readonly SyncPreview[]): Promise<number> {
  await mkdir(dir, { recursive: true });
  const shown = previews.filter((p) => p.op === 'create' || p.op === 'update' || p.op === 'resolve');
  const index: string[] = [
    '# lakewarden scan preview',
    '',
    '| action | issue | summary | routed |',
    '|---|---|---|---|',
  ];
  // The files are independent: written concurrently (one after another, each waits a thread-pool round trip).
  const writes: Promise<void>[] = [];
  for (const p of shown) {
    const base = `${p.op}-${p.fingerprint}`;
    writes.push(writeFile(join(dir, `${base}.md`), p.markdown, 'utf8'));
    if (p.op !== 'resolve')
      writes.push(writeFile(join(dir, `${base}.adf.json`), `${JSON.stringify(p.adf, null, 2)}\n`, 'utf8'));
    index.push(
      `| ${p.op} | ${p.issueKey ?? '(new)'} | [${p.summary.replace(/\|/g, '\\|')}](${base}.md) | ${p.routedBy.replace(/\|/g, '\\|')} |`,
    );
  }
  writes.push(writeFile(join(dir, 'index.md'), `${index.join('\n')}\n`, 'utf8'));
  await Promise.all(writes);
  return shown.length;
}
