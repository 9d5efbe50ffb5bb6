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
  readonly timeoutMs?: number | undefined;
  /** First poll interval (default 500 ms); grows by 1.5x per poll. */
  readonly pollMs?: number | undefined;
  /** Largest poll interval (default 5000 ms). */
  readonly maxPollMs?: number | undefined;
  /** Called with the task after every poll. */
  readonly onProgress?: ((task: Task) => void) | undefined;
  readonly signal?: AbortSignal | undefined;
  /** The prism API version of the tasks endpoint (default: the client's `taskPrismVersion`, else `v4.0`). */
  readonly prismVersion?: string | undefined;
}

const TERMINAL_FAILURE = new Set(['FAILED', 'CANCELED']);

/** The task endpoint the poller reads (`{version}`: the prism API version). */
export const TASK_POLL_PATH = '/prism/{version}/config/tasks/{extId}';

/** Options of a `waitForTask` that decodes the finished task (see the prism `Task` model). */
export interface DecodedWaitForTaskOptions<T> extends WaitForTaskOptions {
  /** Turns the finished task's JSON, as the server sent it, into a model: `(json) => Task.fromJSON(json as TaskJson)`. */
  readonly decode: (json: unknown) => T;
}

/**
 * Poll a task until it ends. Resolves with the task when SUCCEEDED; rejects
 * with `TaskFailedError` when FAILED or CANCELED, `TimeoutError` on time-out,
 * and the signal's reason on abort. Poll requests use the client's retries.
 */
export async function waitForTask<T>(client: ApiClient, ref: TaskRef, options: DecodedWaitForTaskOptions<T>): Promise<T>;
export async function waitForTask(client: ApiClient, ref: TaskRef, options?: WaitForTaskOptions): Promise<CompletedTask>;
export async function waitForTask<T>(client: ApiClient, ref: TaskRef, options: WaitForTaskOptions & { readonly decode?: (json: unknown) => T } = {}): Promise<CompletedTask | T> {
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
            path: TASK_POLL_PATH,
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
        if (options.decode) return options.decode(last);
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

/** A model class (`Vm`), its `$objectType` (`vmm.v4.ahv.config.Vm`) or a task `rel` (`vmm:ahv:config:vm`). */
export type EntityKind = string | { readonly objectType: string };

/** Anything with the task's `entitiesAffected`: the JSON a poll returns, or the prism `Task` model. */
export interface TaskWithEntities {
  readonly entitiesAffected?: readonly { readonly extId?: string | null; readonly rel?: string | null; readonly name?: string | null }[] | null;
}

/**
 * The `rel` Prism gives an entity of a kind in `entitiesAffected`: the `$objectType`
 * without its version, with colons (`vmm.v4.ahv.config.Vm` -> `vmm:ahv:config:vm`).
 */
export function entityRel(kind: EntityKind): string {
  const text = typeof kind === 'string' ? kind : kind.objectType;
  if (text.includes(':')) return text.toLowerCase();
  return text
    .split('.')
    .filter((part, i) => !(i === 1 && /^v\d+$/.test(part)))
    .join(':')
    .toLowerCase();
}

/**
 * The entities of one kind that a task affected: `affectedEntities(task, Vm)`.
 * An entity matches when its `rel` is the kind's, or (for servers that shorten it)
 * ends with the kind's last segment and names the same namespace.
 */
export function affectedEntities(task: TaskWithEntities, kind: EntityKind): { extId: string; rel: string; name?: string }[] {
  const rel = entityRel(kind);
  const [namespace] = rel.split(':');
  const last = rel.slice(rel.lastIndexOf(':') + 1);
  const out: { extId: string; rel: string; name?: string }[] = [];
  for (const e of task.entitiesAffected ?? []) {
    if (!e?.extId || typeof e.rel !== 'string') continue;
    const r = e.rel.toLowerCase();
    const exact = r === rel;
    const short = !exact && r.startsWith(`${namespace}:`) && r.slice(r.lastIndexOf(':') + 1) === last;
    if (exact || short) out.push({ extId: e.extId, rel: e.rel, ...(e.name ? { name: e.name } : {}) });
  }
  return out;
}

/**
 * The extId of the entity of a kind that a task created (or changed):
 * `createdEntityId(task, Vm)` after `createVm`. `undefined` when the task names none.
 */
export function createdEntityId(task: TaskWithEntities, kind: EntityKind): string | undefined {
  return affectedEntities(task, kind)[0]?.extId;
}
