/**
 * The tasks a worker thread of `pool.ts` runs, by name. Arguments and results
 * cross threads by structured clone: plain data only, log lines as messages.
 */
import { parentPort } from 'node:worker_threads';
import { generate, type GenerateOptions } from './generate.js';
import type { Diagnostic } from './load/diagnostics.js';

/** What the caller of a generation in a worker gets back (the files stay in the worker). */
export interface GenerateSummary {
  readonly packageName?: string;
  readonly files: number;
  readonly warnings: readonly Diagnostic[];
  readonly timings: Readonly<Record<string, number>>;
  readonly unchanged: boolean;
}

export const tasks = {
  async generate(options: Omit<GenerateOptions, 'log' | 'previous'>, log: (line: string) => void): Promise<GenerateSummary> {
    const result = await generate({ ...options, log });
    return {
      ...(result.unchanged ? {} : { packageName: result.sdk.packageName }),
      files: result.files.size,
      warnings: result.warnings,
      timings: result.timings,
      unchanged: result.unchanged === true,
    };
  },
};

export type Tasks = typeof tasks;
export type TaskName = keyof Tasks;

parentPort?.on('message', async ({ id, task, arg }: { id: number; task: TaskName; arg: never }) => {
  try {
    const result = await tasks[task](arg, (line) => parentPort!.postMessage({ id, log: line }));
    parentPort!.postMessage({ id, result });
  } catch (e) {
    const error = e as Error & { diagnostics?: readonly Diagnostic[] };
    parentPort!.postMessage({ id, error: { message: error.message ?? String(e), stack: error.stack, ...(error.diagnostics ? { diagnostics: error.diagnostics } : {}) } });
  }
});
