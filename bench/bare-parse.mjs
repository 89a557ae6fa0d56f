// The floor of bench/scan-scaling.ts, run as its own process: reads a snapshot file and JSON.parses it, nothing
// else. A JSON document: one read + one JSON.parse. JSON Lines: the lines through readline, one JSON.parse each
// (gunzipped first when the file is gzip). Usage: node bench/bare-parse.mjs <file> json|lines
import { createReadStream, readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { createGunzip } from 'node:zlib';

const [file, layout] = process.argv.slice(2);
if (layout === 'lines') {
  const raw = createReadStream(file, { highWaterMark: 1 << 20 });
  const input = file.endsWith('.gz') ? raw.pipe(createGunzip()) : raw;
  let n = 0;
  for await (const line of createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY })) {
    if (line !== '') n += JSON.parse(line) === null ? 0 : 1;
  }
  if (n === 0) process.exit(1);
} else {
  if (JSON.parse(readFileSync(file, 'utf8')) === null) process.exit(1);
}
