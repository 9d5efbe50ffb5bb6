/**
 * Waiting for Nutanix tasks. Mutating v4 calls answer 202 with a
 * `prism.v4.config.TaskReference`; the work happens in the task, which is
 * polled at `GET /prism/<version>/config/tasks/{extId}` until it ends.
 */
import type { ApiClient } from './client.js';
import { abortReason, linkedController, sleep } from './abort.js';
import { SdkError, TaskFailedError, TimeoutError, isRecord, type AppMessage } from './errors.js';

export type TaskStatus = 'QUEUED' | 'RUNNING' | 'CANCELING' | 'SUCCEEDED' | 'FAILED' | 'CANCELED' | 'SUSPENDED';

export interface EntityReference {
  readonly extId?: string;
  readonly rel?: string;
  readonly name?: string;
  readonly [key: string]: unknown;
}

export interface KVPair {
  readonly name?: string;
  readonly value?: unknown;
  readonly [key: string]: unknown;
}

/** The task as returned by Prism (JSON, not a generated model: the runtime does not depend on the prism SDK). */
export interface Task {
  readonly extId: string;
  readonly status?: TaskStatus | string;
  /** 0-100 (the v4 API calls it `progressPercentage`). */
  readonly progressPercentage?: number;
  readonly operation?: string;
  readonly operationDescription?: string;
  readonly createdTime?: string;
  readonly startedTime?: string;
  readonly completedTime?: string;
  readonly errorMessages?: readonly AppMessage[];
  readonly legacyErrorMessage?: string;
  readonly [key: string]: unknown;
}

/** A finished task: `entitiesAffected` and `completionDetails` always present. */
export interface CompletedTask extends Task {
  readonly status: 'SUCCEEDED';
  readonly entitiesAffected: readonly EntityReference[];
  readonly completionDetails: readonly KVPair[];
}

/** A `TaskReference` (JSON or model instance) or a bare task extId. */
export type TaskRef = string | { readonly extId?: string | null };

export interface WaitForTaskOptions {
  /** Give up after this long (default 30 minutes). */
  readonly timeoutMs?: number;
  /** First poll interval (default 500 ms); grows by 1.5x per poll. */
  readonly pollMs?: number;
  /** Largest poll interval (default 5000 ms). */
  readonly maxPollMs?: number;
  /** Called with the task after every poll. */
  readonly onProgress?: (task: Task) => void;
  readonly signal?: AbortSignal;
  /** The prism API version of the tasks endpoint (default: the client's `taskPrismVersion`, else `v4.0`). */
  readonly prismVersion?: string;
}

const TERMINAL_FAILURE = new Set(['FAILED', 'CANCELED']);

/**
 * Poll a task until it ends. Resolves with the task when SUCCEEDED; rejects
 * with `TaskFailedError` when FAILED or CANCELED, `TimeoutError` on time-out,
 * and the signal's reason on abort. Poll requests use the client's retries.
 */
export async function waitForTask(client: ApiClient, ref: TaskRef, options: WaitForTaskOptions = {}): Promise<CompletedTask> {
  const extId = typeof ref === 'string' ? ref : ref?.extId;
  if (!extId) throw new SdkError('waitForTask: the task reference has no extId');
  const { timeoutMs = 30 * 60_000, maxPollMs = 5_000, onProgress } = options;
  const prismVersion = options.prismVersion ?? client.taskPrismVersion;
  let delay = Math.max(1, options.pollMs ?? 500);

  // One signal for the whole wait: the caller's abort or the overall time-out.
  const deadline = new AbortController();
  const timer = setTimeout(() => deadline.abort(), timeoutMs);
  const { controller, dispose } = linkedController([options.signal, deadline.signal]);
  let last: Task | undefined;
  try {
    for (;;) {
      try {
        const res = await client.request<unknown>(
          {
            operationId: 'waitForTask',
            method: 'GET',
            path: '/prism/{version}/config/tasks/{extId}',
            pathParams: { version: prismVersion, extId },
            accept: 'application/json',
            responses: { '200': { envelope: true } },
          },
          { signal: controller.signal },
        );
        if (!isRecord(res.data)) throw new SdkError(`waitForTask: task ${extId} response has no data`);
        last = { ...res.data, extId: typeof res.data['extId'] === 'string' ? res.data['extId'] : extId };
      } catch (err) {
        throw translate(err, options.signal, deadline.signal, timeoutMs, extId, last);
      }
      onProgress?.(last);
      const status = typeof last.status === 'string' ? last.status.toUpperCase() : undefined;
      if (status === 'SUCCEEDED') {
        return {
          ...last,
          status: 'SUCCEEDED',
          entitiesAffected: Array.isArray(last['entitiesAffected']) ? (last['entitiesAffected'] as EntityReference[]) : [],
          completionDetails: Array.isArray(last['completionDetails']) ? (last['completionDetails'] as KVPair[]) : [],
        };
      }
      if (status && TERMINAL_FAILURE.has(status)) throw new TaskFailedError(last);
      try {
        await sleep(delay, controller.signal);
      } catch (err) {
        throw translate(err, options.signal, deadline.signal, timeoutMs, extId, last);
      }
      delay = Math.min(maxPollMs, Math.ceil(delay * 1.5));
    }
  } finally {
    clearTimeout(timer);
    dispose();
  }
}

function translate(err: unknown, caller: AbortSignal | undefined, deadline: AbortSignal, timeoutMs: number, extId: string, last: Task | undefined): unknown {
  if (caller?.aborted) return abortReason(caller);
  if (deadline.aborted) {
    return new TimeoutError({
      timeoutMs,
      phase: 'task',
      lastTask: last,
      message: `task ${extId} did not finish within ${timeoutMs} ms (last status ${last?.status ?? 'unknown'})`,
    });
  }
  return err;
}
