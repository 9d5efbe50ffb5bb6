// Preloaded (`--import`) into every process a benchmark starts: on exit, appends
// the process's peak resident set size and CPU time to the file named by BENCH_RSS_FILE,
// so that the parent can report the peak memory of a tool without /usr/bin/time, and how
// many cores a run kept busy (CPU time over wall time).
import { appendFileSync } from 'node:fs';
import { isMainThread } from 'node:worker_threads';

const file = process.env.BENCH_RSS_FILE;
if (file && isMainThread) {
  process.on('exit', () => {
    // maxRSS is in kilobytes; it and the CPU times (microseconds) cover every thread of the process.
    const usage = process.resourceUsage();
    appendFileSync(file, `${JSON.stringify({ pid: process.pid, maxRssKb: usage.maxRSS, cpuMs: (usage.userCPUTime + usage.systemCPUTime) / 1000 })}\n`);
  });
}
