/**
 * Typed batches: many calls of one operation run server-side by Prism
 * (`POST /prism/<version>/operations/$actions/batch`). The calls are built from
 * the generated operation descriptor (`VmApi.updateVmById`) and the same typed
 * parameters its method takes: the helper derives the `uri`, the action, the
 * path values and the headers (`If-Match` from the ETag of the model read
 * earlier). Batches are homogeneous, so one batch takes one descriptor.
 */
import type { ApiClient } from './client.js';
import { encodeAny } from './codec.js';
import { SdkError, TaskFailedError, isRecord } from './errors.js';
import { etagOf } from './etag.js';
import type { OperationDescriptor, ParamsOf } from './operation.js';
import { waitForTask, waitForTasks, type Task, type TaskRef } from './tasks.js';

export type BatchAction = 'CREATE' | 'MODIFY' | 'DELETE' | 'ACTION';

/** One element of `BatchSpec.payload`, as sent. */
export interface BatchPayload {
  readonly data?: unknown;
  readonly metadata: {
    readonly headers: ReadonlyArray<{ readonly name: string; readonly value: string }>;
    readonly path: ReadonlyArray<{ readonly name: string; readonly value: string }>;
  };
}

/** The `BatchSpec` body, as sent. */
export interface BatchSpec {
  readonly metadata: {
    readonly action: BatchAction;
    readonly name: string;
    readonly uri: string;
    readonly shouldStopOnError: boolean;
    readonly chunkSize: number;
  };
  readonly payload: readonly BatchPayload[];
}

export interface BatchOptions {
  /** A name for the batch (default: the operation id and the number of items). */
  readonly name?: string;
  /** Items Prism runs at a time (`metadata.chunkSize`; default 20). */
  readonly chunkSize?: number;
  /** Stop at the first failed chunk (`metadata.shouldStopOnError`; default false). */
  readonly shouldStopOnError?: boolean;
  /** Most items per submitted batch (default 500, the API's limit); more are sent as several batches, one after the other. */
  readonly maxItemsPerBatch?: number;
  /** The prism API version of the batch endpoint (default: the client's `taskPrismVersion`). */
  readonly prismVersion?: string;
  /** Give up waiting for a batch after this long (default 30 minutes). */
  readonly timeoutMs?: number;
  /** Called with the batch task after every poll. */
  readonly onProgress?: (task: Task) => void;
  readonly signal?: AbortSignal;
}

/** The outcome of one item, in the order the items were given. */
export interface BatchItemResult<P> {
  readonly index: number;
  /** The parameters the item was built from. */
  readonly params: P;
  readonly ok: boolean;
  /** The item's task status (`SUCCEEDED`, `FAILED`, ...), or that of the batch when the item has no task of its own. */
  readonly status: string | undefined;
  /** The item's own task, when Prism reported one. */
  readonly task?: Task;
  /** Why the item failed: a `TaskFailedError`, or the batch's failure when the item never ran. */
  readonly error?: unknown;
}

export interface BatchResult<P> {
  readonly items: readonly BatchItemResult<P>[];
  readonly succeeded: number;
  readonly failed: number;
  /** The batch task(s) as they ended (one per submitted batch). */
  readonly batches: readonly Task[];
}

const BATCH_LIMIT = 500;

/** The batch action of an operation, from its method and path. */
export function batchAction(op: Pick<OperationDescriptor, 'method' | 'path' | 'operationId'>): BatchAction {
  if (/\/\$actions\//.test(op.path)) return 'ACTION';
  switch (op.method) {
    case 'POST':
      return 'CREATE';
    case 'PUT':
    case 'PATCH':
      return 'MODIFY';
    case 'DELETE':
      return 'DELETE';
    default:
      throw new SdkError(`${op.operationId}: a ${op.method} operation cannot be batched (only creates, updates, deletes and actions)`);
  }
}

/** One payload element from an operation's typed parameters. */
export function batchPayload<D extends OperationDescriptor>(op: D, params: ParamsOf<D>): BatchPayload {
  const values = (params ?? {}) as Record<string, unknown>;
  const headers: { name: string; value: string }[] = [];
  const path: { name: string; value: string }[] = [];
  const body = op.body ? values[op.body.name] : undefined;
  let ifMatchSeen = false;
  for (const [prop, where] of Object.entries(op.params)) {
    const value = values[prop];
    const isIfMatch = op.ifMatchHeader !== undefined && where.in === 'header' && where.name.toLowerCase() === op.ifMatchHeader.toLowerCase();
    if (isIfMatch) {
      ifMatchSeen = true;
      // As for a single call: the model read earlier (or an ETag string), else the body's ETag.
      const tag = etagOf(value) ?? etagOf(body);
      if (tag) headers.push({ name: where.name, value: tag });
      continue;
    }
    if (value === undefined || value === null) continue;
    if (where.in === 'path') path.push({ name: where.name, value: text(value) });
    else if (where.in === 'header') headers.push({ name: where.name, value: text(value) });
    else throw new SdkError(`${op.operationId}: the ${where.in} parameter "${where.name}" cannot be sent in a batch (only path parameters and headers can)`);
  }
  if (op.ifMatchHeader && !ifMatchSeen) {
    const tag = etagOf(body);
    if (tag) headers.push({ name: op.ifMatchHeader, value: tag });
  }
  for (const name of op.path.match(/\{[^}]+\}/g) ?? []) {
    const wire = name.slice(1, -1);
    if (!path.some((p) => p.name === wire)) throw new SdkError(`${op.operationId}: missing path parameter "${wire}" for ${op.path}`);
  }
  return { ...(body !== undefined ? { data: encodeAny(body) } : {}), metadata: { headers, path } };
}

/** The `BatchSpec` for items of one operation (at most 500, the API's limit). */
export function batchSpec<D extends OperationDescriptor>(client: ApiClient, op: D, items: readonly ParamsOf<D>[], options: BatchOptions = {}): BatchSpec {
  if (items.length > BATCH_LIMIT) throw new SdkError(`a batch takes at most ${BATCH_LIMIT} items (got ${items.length}); runBatch splits larger lists`);
  // The uri is absolute on the server: the base URL's path (`/api`) and the operation's path template.
  const base = new URL(client.baseUrl).pathname.replace(/\/+$/, '');
  return {
    metadata: {
      action: batchAction(op),
      name: options.name ?? `${op.operationId} x ${items.length}`,
      uri: `${base}${op.path}`,
      shouldStopOnError: options.shouldStopOnError ?? false,
      chunkSize: Math.max(1, Math.floor(options.chunkSize ?? 20)),
    },
    payload: items.map((params) => batchPayload(op, params)),
  };
}

/**
 * Run `items` (each the parameters of one call of `op`) as Prism batches and
 * wait for them. Resolves with one typed outcome per item, failures included;
 * rejects only when a batch cannot be submitted or waited for (abort, time-out).
 * The item outcomes are the batch task's sub-tasks, in payload order.
 */
export async function runBatch<D extends OperationDescriptor>(
  client: ApiClient,
  op: D,
  items: readonly ParamsOf<D>[],
  options: BatchOptions = {},
): Promise<BatchResult<ParamsOf<D>>> {
  const max = Math.min(BATCH_LIMIT, Math.max(1, Math.floor(options.maxItemsPerBatch ?? BATCH_LIMIT)));
  const version = options.prismVersion ?? client.taskPrismVersion;
  const results: BatchItemResult<ParamsOf<D>>[] = [];
  const batches: Task[] = [];
  for (let start = 0; start < items.length; start += max) {
    const slice = items.slice(start, start + max);
    const spec = batchSpec(client, op, slice, options);
    const submitted = await client.request<unknown>(
      {
        operationId: 'submitBatch',
        method: 'POST',
        path: '/prism/{version}/operations/$actions/batch',
        pathParams: { version },
        body: spec,
        contentType: 'application/json',
        accept: 'application/json',
        requestIdHeader: 'NTNX-Request-Id',
        responses: { '202': { envelope: true } },
      },
      { signal: options.signal },
    );
    const ref = submitted.data as TaskRef;
    let batchTask: Task;
    let batchError: unknown;
    try {
      batchTask = await waitForTask(client, ref, { signal: options.signal, timeoutMs: options.timeoutMs, onProgress: options.onProgress, prismVersion: version });
    } catch (err) {
      // A batch with failed items may itself end FAILED: its sub-tasks still tell each item's fate.
      if (!(err instanceof TaskFailedError)) throw err;
      batchTask = err.task as Task;
      batchError = err;
    }
    batches.push(batchTask);
    const subTasks = Array.isArray(batchTask['subTasks']) ? (batchTask['subTasks'] as unknown[]) : [];
    const refs = subTasks.map((t) => (isRecord(t) && typeof t['extId'] === 'string' ? t['extId'] : undefined));
    const known = refs.filter((id): id is string => id !== undefined);
    const outcomes = known.length ? await waitForTasks(client, known, { signal: options.signal, timeoutMs: options.timeoutMs, prismVersion: version }) : [];
    const byId = new Map(outcomes.map((o) => [o.extId, o]));
    slice.forEach((params, i) => {
      const index = start + i;
      const id = refs[i];
      const outcome = id ? byId.get(id) : undefined;
      if (outcome) {
        results.push({ index, params, ok: outcome.ok, status: outcome.status, ...(outcome.task ? { task: outcome.task } : {}), ...(outcome.error !== undefined ? { error: outcome.error } : {}) });
      } else if (batchError === undefined && !options.shouldStopOnError) {
        results.push({ index, params, ok: true, status: batchTask.status });
      } else {
        results.push({ index, params, ok: false, status: batchTask.status, error: batchError ?? new SdkError(`item ${index} has no task in batch ${batchTask.extId}`) });
      }
    });
  }
  const succeeded = results.filter((r) => r.ok).length;
  return { items: results, succeeded, failed: results.length - succeeded, batches };
}

function text(value: unknown): string {
  if (Array.isArray(value)) return value.map(String).join(',');
  if (typeof value === 'object' && value !== null) return JSON.stringify(encodeAny(value));
  return String(value);
}
