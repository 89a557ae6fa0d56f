import { open } from 'node:fs/promises';
import { createGunzip } from 'node:zlib';

/** How a snapshot file is laid out on disk. */
export interface SnapshotFileFormat {
  /** `json`: one JSON document; `lines`: JSON Lines (a header line, then one resource per line). */
  layout: 'json' | 'lines';
  /** Whether the bytes are gzip-compressed (detected by magic bytes, not by name). */
  gzip: boolean;
}

/** The two magic bytes that open every gzip member (RFC 1952 §2.3.1, https://www.rfc-editor.org/rfc/rfc1952). */
const GZIP_MAGIC = [0x1f, 0x8b] as const;
const PEEK_BYTES = 1 << 20;

/** True when the name says JSON Lines: `.jsonl` or `.ndjson`, optionally followed by `.gz`. */
export function namesLines(path: string): boolean {
  return /\.(jsonl|ndjson)(\.gz)?$/i.test(path);
}

/** True when the name asks for gzip: it ends in `.gz`. */
export function namesGzip(path: string): boolean {
  return /\.gz$/i.test(path);
}

/**
 * Detects the layout and compression of a snapshot file. Compression: the gzip magic bytes. Layout: JSON Lines
 * when the name ends in `.jsonl`/`.ndjson` (optionally `.gz`); otherwise JSON Lines when the first line (within
 * the first MiB of content) is a complete JSON object without `resources` (a header line), else a JSON document.
 * @throws the filesystem error (ENOENT, EACCES, …) when the file cannot be read
 */
export async function detectSnapshotFormat(path: string): Promise<SnapshotFileFormat> {
  const handle = await open(path, 'r');
  let head: Buffer;
  try {
    const buffer = Buffer.alloc(PEEK_BYTES);
    const { bytesRead } = await handle.read(buffer, 0, PEEK_BYTES, 0);
    head = buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
  const gzip = head.length >= 2 && head[0] === GZIP_MAGIC[0] && head[1] === GZIP_MAGIC[1];
  if (namesLines(path)) return { layout: 'lines', gzip };
  const content = gzip ? await gunzipPrefix(head) : head;
  const newline = content.indexOf(0x0a);
  if (newline < 0) return { layout: 'json', gzip };
  try {
    const first = JSON.parse(content.subarray(0, newline).toString('utf8')) as unknown;
    const isHeader = typeof first === 'object' && first !== null && !Array.isArray(first) && !('resources' in first);
    return { layout: isHeader ? 'lines' : 'json', gzip };
  } catch {
    return { layout: 'json', gzip };
  }
}

/** Decompresses as much of a gzip prefix as it holds (a truncated stream is expected, not an error). */
async function gunzipPrefix(prefix: Buffer): Promise<Buffer> {
  const gunzip = createGunzip();
  const chunks: Buffer[] = [];
  let size = 0;
  await new Promise<void>((resolve) => {
    gunzip.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
      size += chunk.length;
      if (size >= PEEK_BYTES) resolve();
    });
    gunzip.on('error', () => resolve());
    gunzip.on('end', () => resolve());
    gunzip.end(prefix);
  });
  gunzip.destroy();
  return Buffer.concat(chunks);
}
