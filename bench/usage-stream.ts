/**
 * Usage streaming benchmark: streams synthetic, driver-shaped `usage-by-resource-day` rows (ids as strings,
 * DECIMAL(38,18) as decimal strings, DATE as YYYY-MM-DD; 10,000-row chunks like fetchChunk) through the billing
 * fact builder and records rows/s and peak heap/RSS. Rows are generated chunk by chunk and never retained,
 * so the peak shows the builder's own memory (bounded by resources × days, not by rows). Writes a table
 * between the `bench:usage` markers of docs/benchmarks.md.
 *
 *   node bench/usage-stream.ts [--rows 1000000] [--resources 5000] [--out docs/benchmarks.md] [--no-write]
 */
import { parseArgs } from 'node:util';
import { createUsageFacts } from '../src/databricks/facts/usage-facts.ts';
import { describeMachine } from './machine.ts';
import { writeBenchSection } from './write-section.ts';

const CHUNK = 10_000;
/** A 30-day window: several rows per resource and day (SKUs, job runs), as in a real usage stream. */
const WINDOW_DAYS = 30;
const DATES = Array.from({ length: WINDOW_DAYS }, (_, d) =>
  new Date(Date.UTC(2026, 8, 1) + d * 86_400_000).toISOString().slice(0, 10),
);

export interface UsageStreamResult {
  rows: number;
  resources: number;
  ms: number;
  rowsPerSecond: number;
  peakHeapMiB: number;
  peakRssMiB: number;
  baselineHeapMiB: number;
  /** Heap after a full GC at the end, with the builder still referenced: what the builder retains. */
  retainedHeapMiB: number;
  totalDbus: number;
}

/** Streams `rows` synthetic usage rows over `resources` resources (warehouse/cluster/job in turn) and measures. */
export async function benchUsageStream(rows: number, resources: number): Promise<UsageStreamResult> {
  const mib = (bytes: number) => bytes / 2 ** 20;
  globalThis.gc?.();
  const baseline = process.memoryUsage();
  let peakHeap = baseline.heapUsed;
  let peakRss = baseline.rss;
  const usage = createUsageFacts();
  const started = performance.now();
  for (let offset = 0; offset < rows; offset += CHUNK) {
    const chunk = makeChunk(offset, Math.min(CHUNK, rows - offset), resources);
    // Yield like the driver does between chunks.
    await Promise.resolve();
    for (const row of chunk) usage.add(row);
    const now = process.memoryUsage();
    peakHeap = Math.max(peakHeap, now.heapUsed);
    peakRss = Math.max(peakRss, now.rss);
  }
  const ms = performance.now() - started;
  globalThis.gc?.();
  const retained = process.memoryUsage().heapUsed;
  let totalDbus = 0;
  for (let r = 0; r < resources; r++) {
    const [kind, id] = resourceOf(r);
    totalDbus += usage.get(kind, '1234567890123456', id)?.dbus ?? 0;
  }
  return {
    rows,
    resources: usage.size(),
    ms,
    rowsPerSecond: rows / (ms / 1000),
    peakHeapMiB: mib(peakHeap),
    peakRssMiB: mib(peakRss),
    baselineHeapMiB: mib(baseline.heapUsed),
    retainedHeapMiB: mib(retained),
    totalDbus,
  };
}

function resourceOf(r: number): ['warehouse' | 'cluster' | 'job', string] {
  const kind = r % 3 === 0 ? 'warehouse' : r % 3 === 1 ? 'cluster' : 'job';
  return [kind, kind === 'job' ? String(100_000 + r) : `${kind}-${r.toString(16).padStart(8, '0')}`];
}

function makeChunk(offset: number, size: number, resources: number): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = new Array(size);
  for (let i = 0; i < size; i++) {
    const n = offset + i;
    const r = n % resources;
    const [kind, id] = resourceOf(r);
    const date = DATES[Math.floor(n / resources) % WINDOW_DAYS] as string;
    // Every 50th row is a retraction of -1 DBU: the builder nets it.
    const dbus = n % 50 === 49 ? '-1.000000000000000000' : `${(n % 97) + 1}.250000000000000000`;
    out[i] = {
      workspace_id: '1234567890123456',
      warehouse_id: kind === 'warehouse' ? id : null,
      cluster_id: kind === 'cluster' ? id : null,
      job_id: kind === 'job' ? id : null,
      usage_date: date,
      dbus,
      list_cost_usd: dbus.startsWith('-') ? '-0.550000000000000000' : '0.687500000000000000',
    };
  }
  return out;
}

/** Renders the Markdown section for results of one or more runs. */
export function renderUsageSection(results: readonly UsageStreamResult[], machine: string, date: string): string {
  const lines = [
    '## Usage rows through the billing fact builder',
    '',
    `Machine: ${machine}. Date: ${date}. Command: \`npx node --expose-gc bench/usage-stream.ts\`.`,
    '',
    'Synthetic driver-shaped `usage-by-resource-day` rows (decimal strings, 10,000-row chunks) streamed through',
    '`createUsageFacts`; rows are not retained, so peak heap is the builder (resources × days) plus one chunk:',
    '10× the rows over the same resources should cost about the same memory.',
    '',
    '| Rows | Resources | Days | Time (ms) | Rows/s | Baseline heap (MiB) | Retained heap after GC (MiB) | Builder = retained − baseline (MiB) | Peak heap, incl. garbage (MiB) | Peak RSS (MiB) |',
    '|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
  ];
  for (const r of results) {
    lines.push(
      `| ${r.rows.toLocaleString('en-US')} | ${r.resources.toLocaleString('en-US')} | ${WINDOW_DAYS} | ${r.ms.toFixed(0)} | ${Math.round(r.rowsPerSecond).toLocaleString('en-US')} | ${r.baselineHeapMiB.toFixed(1)} | ${r.retainedHeapMiB.toFixed(1)} | ${(r.retainedHeapMiB - r.baselineHeapMiB).toFixed(1)} | ${r.peakHeapMiB.toFixed(1)} | ${r.peakRssMiB.toFixed(1)} |`,
    );
  }
  return lines.join('\n');
}

if (import.meta.main) {
  const { values } = parseArgs({
    options: {
      rows: { type: 'string', default: '1000000' },
      resources: { type: 'string', default: '5000' },
      out: { type: 'string', default: 'docs/benchmarks.md' },
      'no-write': { type: 'boolean', default: false },
    },
  });
  const rows = Number(values.rows);
  const resources = Number(values.resources);
  const results = [await benchUsageStream(rows / 10, resources), await benchUsageStream(rows, resources)];
  const section = renderUsageSection(results, describeMachine(), new Date().toISOString().slice(0, 10));
  console.log(section);
  if (!values['no-write']) await writeBenchSection(values.out, section, 'usage');
}
