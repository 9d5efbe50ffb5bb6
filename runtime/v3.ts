/**
 * Conventions of the Prism Central v3 API (`/api/nutanix/v3`), the legacy
 * intentful API: entities go in as `{ spec, metadata }` and come back as
 * `{ status, spec, metadata }`; lists are `POST /<kind>s/list` with
 * `{ kind, offset, length, filter }`; changes answer at once with
 * `status.state: PENDING` and a task in `status.execution_context.task_uuid`,
 * which is followed through `GET /api/nutanix/v3/tasks/{uuid}`.
 *
 * Generated v3 API classes call `listAllEntities` from their `list...All()`
 * methods; `waitForV3Task` is for callers.
 */
import { abortReason, linkedController, sleep } from './abort.js';
import { SdkError, TaskFailedError, TimeoutError, isRecord } from './errors.js';
import type { ApiResponse, OperationRequest, RequestOptions } from './operation.js';

/** What these helpers need from the client: the one method generated code calls. */
export interface V3RequestClient {
  request<T, M = unknown>(op: OperationRequest<T>, options?: RequestOptions): Promise<ApiResponse<T, M>>;
}

/** The body of a v3 list call (`*_list_metadata`). */
export interface V3ListRequest {
  kind?: string;
  offset?: number;
  length?: number;
  filter?: string;
  sort_attribute?: string;
  sort_order?: string;
}

/** The answer of a v3 list call (`*_list_intent_response`). */
export interface V3ListResponse<T> {
  entities?: readonly T[];
  metadata?: { total_matches?: number; offset?: number; length?: number; kind?: string };
}

export interface ListAllOptions {
  /** The request body the caller gave: its `offset` and `length` are the defaults of the two below. */
  readonly from?: unknown;
  /** The first entity to return (default: the body's `offset`, else 0). */
  readonly offset?: number;
  /** Entities per page (default: the body's `length`, else 100; Prism Central caps it at 500 for most kinds). */
  readonly length?: number;
  /** Stops the iteration between pages. */
  readonly signal?: AbortSignal | undefined;
  /** Upper bound on the number of pages fetched (default 100,000), a guard against a server that never ends a list. */
  readonly maxPages?: number;
}

/** Default page size of `list...All()`. */
export const V3_DEFAULT_PAGE_LENGTH = 100;

/**
 * A copy of a list request body with another page: same prototype (a generated
 * model stays a model), `kind` filled in when missing.
 */
export function withListPage<B>(body: B | undefined, kind: string | undefined, offset: number, length: number): B {
  const base = body !== null && typeof body === 'object' ? body : {};
  const copy = Object.assign(Object.create(Object.getPrototypeOf(base) as object | null) as object, base) as Record<string, unknown>;
  if (copy.kind === undefined && kind !== undefined) copy.kind = kind;
  copy.offset = offset;
  copy.length = length;
  return copy as B;
}

/**
 * Every entity of a v3 list, page after page: calls `fetchPage(offset, length)`
 * until the server has sent `metadata.total_matches` entities, or a page comes
 * back short or empty.
 */
export async function* listAllEntities<T>(
  fetchPage: (offset: number, length: number) => Promise<ApiResponse<unknown, unknown>>,
  options: ListAllOptions = {},
): AsyncIterableIterator<T> {
  const from = (options.from !== null && typeof options.from === 'object' ? options.from : {}) as V3ListRequest;
  const number = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
  let offset = Math.max(0, options.offset ?? number(from.offset) ?? 0);
  const length = Math.max(1, options.length ?? number(from.length) ?? V3_DEFAULT_PAGE_LENGTH);
  const maxPages = options.maxPages ?? 100_000;
  for (let page = 0; page < maxPages; page++) {
    options.signal?.throwIfAborted();
    const response = await fetchPage(offset, length);
    const data = (response.data ?? {}) as V3ListResponse<T>;
    const entities = Array.isArray(data.entities) ? data.entities : [];
    for (const entity of entities) yield entity;
    offset += entities.length;
    const total = data.metadata?.total_matches;
    if (entities.length === 0 || entities.length < length) return;
    if (typeof total === 'number' && offset >= total) return;
  }
}

/** Task states of the v3 API. */
export type V3TaskStatus = 'QUEUED' | 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'ABORTED' | 'SUSPENDED' | (string & {});

/** A v3 task (`GET /api/nutanix/v3/tasks/{uuid}`), the fields callers use most; the rest are kept. */
export interface V3Task {
  readonly uuid?: string;
  readonly status?: V3TaskStatus;
  readonly percentage_complete?: number;
  readonly progress_message?: string;
  readonly operation_type?: string;
  readonly error_code?: number | string;
  readonly error_detail?: string;
  readonly entity_reference_list?: readonly { kind?: string; uuid?: string; name?: string }[];
  readonly subtask_reference_list?: readonly { kind?: string; uuid?: string; name?: string }[];
  readonly creation_time?: string;
  readonly completion_time?: string;
  readonly [key: string]: unknown;
}

/** The same options as the v4 `waitForTask`. */
export interface WaitForV3TaskOptions {
  /** Give up after this long (default 30 minutes). */
  readonly timeoutMs?: number;
  /** First poll interval (default 500 ms); grows by 1.5x per poll. */
  readonly pollMs?: number;
  /** Largest poll interval (default 5000 ms). */
  readonly maxPollMs?: number;
  /** Called with the task after every poll (`percentage_complete`, `progress_message`). */
  readonly onProgress?: (task: V3Task) => void;
  readonly signal?: AbortSignal;
}

/**
 * A v3 asynchronous answer: a task uuid, an intent response
 * (`status.execution_context.task_uuid`), an `ApiResponse` holding one, or an
 * object with `task_uuid` (as clones and image uploads answer).
 */
export type V3TaskRef = string | { readonly task_uuid?: string } | { readonly status?: unknown } | ApiResponse<unknown, unknown>;

/** The task uuid of a v3 asynchronous answer, if it has one. */
export function v3TaskUuid(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (!isRecord(value)) return undefined;
  // A generated model: read its JSON form, where undeclared members (such as
  // `execution_context` in some releases' documents) are where the server put them.
  if (typeof value.toJSON === 'function') value = (value as { toJSON(): unknown }).toJSON();
  if (!isRecord(value)) return undefined;
  if (typeof value.task_uuid === 'string') return value.task_uuid;
  const context = isRecord(value.status) && isRecord(value.status.execution_context) ? value.status.execution_context : undefined;
  const uuid = context?.task_uuid;
  if (typeof uuid === 'string') return uuid;
  if (Array.isArray(uuid) && typeof uuid[0] === 'string') return uuid[0];
  // An ApiResponse: `{ data, status: <http status>, headers, ... }`.
  if ('data' in value && typeof value.status === 'number') return v3TaskUuid(value.data);
  return undefined;
}

/** The v3 task endpoint, relative to `https://<host>:9440/api` like every generated path. */
export const V3_TASK_PATH = '/nutanix/v3/tasks/{uuid}';

/**
 * Polls a Prism Central v3 task (`GET /api/nutanix/v3/tasks/{uuid}`) until it
 * ends, like `waitForTask` does for v4. Resolves with the task when SUCCEEDED;
 * rejects with `TaskFailedError` when FAILED or ABORTED (its
 * `legacyErrorMessage` is the task's `error_detail`), `TimeoutError` on
 * time-out, and the signal's reason on abort.
 *
 * ```ts
 * const created = await new VmsApi(client).createVm({ body: new VmIntentInput({ spec, metadata: { kind: 'vm' } }) });
 * const task = await waitForV3Task(client, created);
 * const vmUuid = task.entity_reference_list?.[0]?.uuid;
 * ```
 */
export async function waitForV3Task(client: V3RequestClient, ref: V3TaskRef, options: WaitForV3TaskOptions = {}): Promise<V3Task> {
  const uuid = v3TaskUuid(ref);
  if (!uuid) throw new SdkError('waitForV3Task: no task uuid in the value given (expected status.execution_context.task_uuid)');
  const { timeoutMs = 30 * 60_000, maxPollMs = 5_000, onProgress } = options;
  let delay = Math.max(1, options.pollMs ?? 500);
  const deadline = new AbortController();
  const timer = setTimeout(() => deadline.abort(), timeoutMs);
  const { controller, dispose } = linkedController([options.signal, deadline.signal]);
  let last: V3Task | undefined;
  const fail = (err: unknown): unknown => {
    if (options.signal?.aborted) return abortReason(options.signal);
    if (deadline.signal.aborted) {
      return new TimeoutError({ timeoutMs, phase: 'task', lastTask: last, message: `task ${uuid} did not finish within ${timeoutMs} ms (last status ${last?.status ?? 'unknown'})` });
    }
    return err;
  };
  try {
    for (;;) {
      try {
        const res = await client.request<unknown>(
          {
            operationId: 'waitForV3Task',
            method: 'GET',
            path: V3_TASK_PATH,
            pathParams: { uuid },
            accept: 'application/json',
            responses: { '200': {} },
          },
          { signal: controller.signal },
        );
        if (!isRecord(res.data)) throw new SdkError(`waitForV3Task: task ${uuid} response is not an object`);
        last = res.data as V3Task;
      } catch (err) {
        throw fail(err);
      }
      onProgress?.(last);
      const status = typeof last.status === 'string' ? last.status.toUpperCase() : undefined;
      if (status === 'SUCCEEDED') return last;
      if (status === 'FAILED' || status === 'ABORTED') {
        const code = last.error_code !== undefined && last.error_code !== null ? `error ${String(last.error_code)}: ` : '';
        throw new TaskFailedError({
          ...last,
          extId: uuid,
          status,
          ...(last.error_detail !== undefined || code ? { legacyErrorMessage: `${code}${last.error_detail ?? ''}` } : {}),
        });
      }
      try {
        await sleep(delay, controller.signal);
      } catch (err) {
        throw fail(err);
      }
      delay = Math.min(maxPollMs, Math.ceil(delay * 1.5));
    }
  } finally {
    clearTimeout(timer);
    dispose();
  }
}
