import { readFile, writeFile } from 'node:fs/promises';
import { renderStrategyTable } from '../src/remediation/render-strategy-table.ts';

/** Regenerates the strategy table of docs/security.md from the strategy declarations. */
const file = new URL('../docs/security.md', import.meta.url);
const text = await readFile(file, 'utf8');
const start = '<!-- strategy-table:start -->';
const end = '<!-- strategy-table:end -->';
if (!text.includes(start) || !text.includes(end)) throw new Error(`docs/security.md lacks ${start} … ${end}`);
const before = text.slice(0, text.indexOf(start) + start.length);
const after = text.slice(text.indexOf(end));
await writeFile(file, `${before}\n${renderStrategyTable()}\n${after}`, 'utf8');
console.log('docs/security.md updated');
