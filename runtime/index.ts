/**
 * The runtime's public surface: what generated code imports, and what users
 * need to configure clients and handle results.
 */
export { ApiClient, buildQuery, pickSpec, prepareBody, type ApiClientConfig } from './client.js';
export type {
  ApiResponse,
  BodyDecoder,
  DataOf,
  HeaderValue,
  OperationDescriptor,
  OperationRequest,
  ParamLocation,
  ParamsOf,
  ParamValue,
  RequestOptions,
  ResponseSpec,
  RetryOptions,
  RetryPolicy,
} from './operation.js';
export {
  ApiError,
  type ApiErrorOf,
  NetworkError,
  PreconditionFailedError,
  ResponseParseError,
  SdkError,
  TaskFailedError,
  TimeoutError,
  ValidationError,
  extractMessages,
  type AppMessage,
  type NetworkErrorKind,
  type TimeoutPhase,
  type Violation,
} from './errors.js';
export { etagOf, withEtag } from './etag.js';
export { newRequestId } from './request-id.js';
export { DEFAULT_RETRY_POLICY, backoffDelay, parseRetryAfter } from './retry.js';
export { paginate, type PageLike, type PaginateOptions } from './paging.js';
export {
  TASK_POLL_PATH,
  affectedEntities,
  createdEntityId,
  entityRel,
  TaskPoller,
  taskPoller,
  waitForTask,
  waitForTasks,
  type TaskOutcome,
  type TaskPollingOptions,
  type WaitForTasksOptions,
  type CompletedTask,
  type DecodedWaitForTaskOptions,
  type EntityKind,
  type TaskWithEntities,
  type EntityReference,
  type KVPair,
  type Task,
  type TaskRef,
  type TaskStatus,
  type WaitForTaskOptions,
} from './tasks.js';
export {
  countBytes,
  iterableToStream,
  type DownloadResponse,
  type ProgressCallback,
  type StreamBody,
  type TransferProgress,
} from './transfer.js';
export {
  batchAction,
  batchPayload,
  batchSpec,
  runBatch,
  type BatchAction,
  type BatchItemResult,
  type BatchOptions,
  type BatchPayload,
  type BatchResult,
  type BatchSpec,
} from './batch.js';
export { consoleLogger, redactHeaders, redactUrl, silentLogger, type LogFields, type LogLevel, type Logger } from './logging.js';
export type { ErrorContext, Interceptor, RequestContext, ResponseContext } from './interceptors.js';
export type { AuthConfig } from './auth.js';
export { compareVersions, fetchServerVersions, negotiateVersion, parseServerVersions, pickVersion } from './version.js';
export * from './v3.js';
export * from './codec.js';
export { validateRequest, validateValue, type ModelRule, type OperationRule, type Rule, type UnionRule, type ValidationTable } from './validate.js';
