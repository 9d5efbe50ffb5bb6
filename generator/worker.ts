/**
 * The tasks a worker thread of `pool.ts` runs, by name. Arguments and results
 * cross threads by structured clone: plain data only, log lines as messages.
 */
import { parentPort } from 'node:worker_threads';
import { collectGarbage } from './gc.js';
import { buildMemberIr, emitMember } from './generate.js';
import type { Diagnostic } from './load/diagnostics.js';

export const tasks = {
  buildMemberIr,
  emitMember,
};

export type Tasks = typeof tasks;
export type TaskName = keyof Tasks;

// What one package leaves behind is garbage once its result is sent: left alone, each worker's
// heap would keep the garbage of every package it worked on (a whole-set run peaked 120 MB
// higher). Collecting between tasks keeps a worker to the memory of one package at a time.
parentPort?.on('message', async ({ id, task, arg }: { id: number; task: TaskName; arg: never }) => {
  try {
    const result = await tasks[task](arg, (line) => parentPort!.postMessage({ id, log: line }));
    parentPort!.postMessage({ id, result });
  } catch (e) {
    const error = e as Error & { diagnostics?: readonly Diagnostic[] };
    parentPort!.postMessage({ id, error: { message: error.message ?? String(e), stack: error.stack, ...(error.diagnostics ? { diagnostics: error.diagnostics } : {}) } });
  } finally {
    collectGarbage();
  }
});
