// Preloaded with `node --import ./bench/max-rss.mjs …` by bench/run-process.ts: on exit, writes the process's
// peak resident set size (KiB) to the file named by LW_BENCH_MAX_RSS_FILE. On Linux it reads VmHWM from
// /proc/self/status, the high-water mark of this process image's memory: getrusage's ru_maxrss
// (process.resourceUsage().maxRSS) keeps the spawning parent's peak across fork + exec
// (https://man7.org/linux/man-pages/man2/getrusage.2.html, https://man7.org/linux/man-pages/man5/proc_pid_status.5.html),
// so a small child of a large bench process would report the parent's size. Elsewhere it falls back to maxRSS.
import { readFileSync, writeFileSync } from 'node:fs';

function peakKiB() {
  try {
    const match = /^VmHWM:\s+(\d+)\s+kB$/m.exec(readFileSync('/proc/self/status', 'utf8'));
    if (match) return Number(match[1]);
  } catch {
    // Not Linux: fall through.
  }
  return process.resourceUsage().maxRSS;
}

const file = process.env.LW_BENCH_MAX_RSS_FILE;
if (file) process.on('exit', () => writeFileSync(file, String(peakKiB())));
