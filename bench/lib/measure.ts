/**
 * Runs one tool as a child process and measures its wall time (from spawn to
 * exit, as a user waits for it) and peak memory (the largest `maxRSS` reported
 * by any Node process of the run, via the `rss-hook.mjs` preload).
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const HOOK = pathToFileURL(path.join(path.dirname(fileURLToPath(import.meta.url)), 'rss-hook.mjs')).href;

export interface RunResult {
  readonly ok: boolean;
  readonly wallMs: number;
  /** Peak resident set size of the largest Node process of the run, in MB. */
  readonly peakRssMb?: number;
  /** CPU time (user + system) of every Node process of the run, all threads, in ms. */
  readonly cpuMs?: number;
  /** Node processes that reported (more than one: the tool started others). */
  readonly processes: number;
  readonly exitCode: number | null;
  readonly timedOut: boolean;
  /** The last lines of stderr/stdout, to explain a failure. */
  readonly tail: string;
}

export interface RunOptions {
  readonly cwd: string;
  readonly env?: Readonly<Record<string, string>>;
  readonly timeoutMs?: number;
}

export async function measure(command: string, args: readonly string[], options: RunOptions): Promise<RunResult> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'bench-rss-'));
  const rssFile = path.join(dir, 'rss.jsonl');
  const nodeOptions = [process.env.NODE_OPTIONS ?? '', `--import=${HOOK}`].join(' ').trim();
  const started = performance.now();
  let output = '';
  let head = '';
  let timedOut = false;
  const exitCode = await new Promise<number | null>((resolve) => {
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: { ...process.env, ...options.env, NODE_OPTIONS: nodeOptions, BENCH_RSS_FILE: rssFile, NO_COLOR: '1', FORCE_COLOR: '0' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const keep = (chunk: Buffer) => {
      const text = chunk.toString('utf8');
      // The first lines usually say what went wrong; the last ones where it stopped.
      if (head.length < 4000) head += text.slice(0, 4000 - head.length);
      output = (output + text).slice(-4000);
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, options.timeoutMs ?? 15 * 60_000);
    child.on('error', (err) => {
      output += `\n${err.message}`;
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve(code);
    });
  });
  const wallMs = performance.now() - started;
  let peakRssMb: number | undefined;
  let processes = 0;
  let cpuMs: number | undefined;
  if (existsSync(rssFile)) {
    for (const line of readFileSync(rssFile, 'utf8').split('\n')) {
      if (!line.trim()) continue;
      const { maxRssKb, cpuMs: cpu } = JSON.parse(line) as { maxRssKb: number; cpuMs?: number };
      processes++;
      if (cpu !== undefined) cpuMs = (cpuMs ?? 0) + cpu;
      peakRssMb = Math.max(peakRssMb ?? 0, maxRssKb / 1024);
    }
  }
  rmSync(dir, { recursive: true, force: true });
  const useful = (text: string) => text.split('\n').filter((l) => l.trim() && !/^\s+at /.test(l));
  const headLines = useful(head).slice(0, 6);
  const tailLines = useful(output).slice(-8).filter((l) => !headLines.includes(l));
  const tail = [...headLines, ...tailLines].join('\n');
  return { ok: exitCode === 0 && !timedOut, wallMs, ...(peakRssMb !== undefined ? { peakRssMb } : {}), ...(cpuMs !== undefined ? { cpuMs } : {}), processes, exitCode, timedOut, tail };
}
