/**
 * Worker threads for independent jobs (one package of `generate-all` each): each
 * worker runs one job at a time, so memory stays bounded by the number of
 * threads, and every job's output is what a run in this thread would write.
 *
 * Tasks are the functions in `worker.ts`, called by name with a cloneable
 * argument; their log lines come back to the caller's `log`.
 */
import { statSync } from 'node:fs';
import os from 'node:os';
import { Worker } from 'node:worker_threads';
import { checkInputs } from './fresh.js';
import { GeneratorError, type Diagnostic } from './load/diagnostics.js';
import type { GenerateSummary, TaskName, Tasks } from './worker.js';

/** How many threads to use for `jobs` jobs: one per core, never more than the jobs. */
export function threadCount(jobs: number, requested?: number): number {
  return Math.max(1, Math.min(jobs, requested ?? os.availableParallelism()));
}

interface Pending {
  readonly resolve: (value: unknown) => void;
  readonly reject: (error: Error) => void;
  readonly log?: ((line: string) => void) | undefined;
}

/** The worker module next to this one: the built file in dist/, or the TypeScript source through tsx. */
function spawnWorker(): Worker {
  const here = import.meta.url;
  if (here.endsWith('.ts')) {
    const source = new URL('./worker.ts', here).href;
    // From the sources (tests, `--import tsx`): the worker registers tsx before loading them.
    return new Worker(`import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${JSON.stringify(source)}); });`, { eval: true });
  }
  return new Worker(new URL('./worker.mjs', here));
}

export class WorkerPool {
  private readonly idle: Worker[] = [];
  private readonly all: Worker[] = [];
  private readonly queue: (() => void)[] = [];
  private readonly pending = new Map<number, Pending>();
  private nextId = 0;

  constructor(private readonly size: number) {}

  /** Runs `task(arg)` in a worker; resolves with its result, or rejects with its error. */
  run<K extends TaskName>(task: K, arg: Parameters<Tasks[K]>[0], log?: (line: string) => void): Promise<Awaited<ReturnType<Tasks[K]>>> {
    return new Promise((resolve, reject) => {
      const start = () => {
        const worker = this.idle.pop()!;
        const id = this.nextId++;
        this.pending.set(id, { resolve: resolve as (value: unknown) => void, reject, log });
        worker.postMessage({ id, task, arg });
      };
      if (this.idle.length === 0 && this.all.length < this.size) this.add();
      if (this.idle.length > 0) start();
      else this.queue.push(start);
    });
  }

  private add(): void {
    const worker = spawnWorker();
    this.all.push(worker);
    this.idle.push(worker);
    worker.on('message', (msg: { id: number; log?: string; result?: unknown; error?: { message: string; stack?: string; diagnostics?: unknown } }) => {
      const job = this.pending.get(msg.id);
      if (!job) return;
      if (msg.log !== undefined) {
        job.log?.(msg.log);
        return;
      }
      this.pending.delete(msg.id);
      this.idle.push(worker);
      this.queue.shift()?.();
      // A document's errors stay diagnostics, reported as a run in this thread reports them.
      if (msg.error?.diagnostics) job.reject(new GeneratorError(msg.error.diagnostics as Diagnostic[]));
      else if (msg.error) job.reject(Object.assign(new Error(msg.error.message), { stack: msg.error.stack }));
      else job.resolve(msg.result);
    });
    worker.on('error', (e) => {
      for (const job of this.pending.values()) job.reject(e);
      this.pending.clear();
    });
  }

  /** Stops every worker (after the last job). */
  async close(): Promise<void> {
    await Promise.all(this.all.map((w) => w.terminate()));
  }
}

type Job = Parameters<Tasks['generate']>[0];

/**
 * Generates independent packages, `threads` at a time (1: one after the other in this
 * thread). The largest documents start first, so that the last package to finish is a
 * small one. Summaries come back in the order of `jobs`.
 */
export async function generatePackages(jobs: readonly Job[], options: { threads?: number; log?: (line: string) => void } = {}): Promise<GenerateSummary[]> {
  const log = options.log ?? (() => {});
  const threads = threadCount(jobs.length, options.threads);
  if (threads === 1) {
    const { tasks } = await import('./worker.js');
    const out: GenerateSummary[] = [];
    for (const job of jobs) out.push(await tasks.generate(job, log));
    return out;
  }
  // Up-to-date packages are told apart here: a run where nothing changed starts no thread.
  const results: GenerateSummary[] = new Array(jobs.length);
  const stale: number[] = [];
  jobs.forEach((job, i) => {
    const unchanged = job.force ? undefined : checkInputs({ ...job, log }, {}).unchanged;
    if (unchanged) results[i] = { files: 0, warnings: unchanged.warnings, timings: unchanged.timings, unchanged: true };
    else stale.push(i);
  });
  if (stale.length === 0) return results;
  const size = (job: Job) => job.specs.reduce((n, s) => n + (/^https?:/i.test(s) ? 0 : fileSize(s)), 0);
  const order = stale.map((i) => ({ i, size: size(jobs[i]!) })).sort((a, b) => b.size - a.size || a.i - b.i);
  const pool = new WorkerPool(threadCount(stale.length, options.threads));
  try {
    // `force`: checked above already.
    await Promise.all(order.map(({ i }) => pool.run('generate', { ...jobs[i]!, force: true }, log).then((r) => (results[i] = r))));
    return results;
  } finally {
    await pool.close();
  }
}

function fileSize(file: string): number {
  try {
    return statSync(file).size;
  } catch {
    return 0;
  }
}
