// Preloaded with `node --import ./bench/max-rss.mjs …` by bench/scan-scaling.ts: on exit, writes the process's
// peak resident set size (process.resourceUsage().maxRSS, KiB) to the file named by LW_BENCH_MAX_RSS_FILE.
import { writeFileSync } from 'node:fs';

const file = process.env.LW_BENCH_MAX_RSS_FILE;
if (file) process.on('exit', () => writeFileSync(file, String(process.resourceUsage().maxRSS)));
