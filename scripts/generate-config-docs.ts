import { readFile, writeFile } from 'node:fs/promises';
import { renderConfigReference } from '../src/config/render-config-reference.ts';

/** Regenerates the reference block of docs/configuration.md from the zod schema. */
const file = new URL('../docs/configuration.md', import.meta.url);
const text = await readFile(file, 'utf8');
const start = '<!-- config-reference:start -->';
const end = '<!-- config-reference:end -->';
const before = text.slice(0, text.indexOf(start) + start.length);
const after = text.slice(text.indexOf(end));
await writeFile(file, `${before}\n${renderConfigReference()}\n${after}`, 'utf8');
console.log('docs/configuration.md updated');
