// Preloaded (`--import`) into every process a benchmark starts: on exit, appends
// the process's peak resident set size to the file named by BENCH_RSS_FILE, so that
// the parent can report the peak memory of a tool without /usr/bin/time.
import { appendFileSync } from 'node:fs';
import { isMainThread } from 'node:worker_threads';

const file = process.env.BENCH_RSS_FILE;
if (file && isMainThread) {
  process.on('exit', () => {
    // maxRSS is in kilobytes and covers every thread of the process.
    appendFileSync(file, `${JSON.stringify({ pid: process.pid, maxRssKb: process.resourceUsage().maxRSS })}\n`);
  });
}
