/**
 * Large bodies: streamed downloads and uploads with progress. Bytes flow
 * through a web `ReadableStream` chunk by chunk, so memory stays flat
 * whatever the size; nothing here buffers a body.
 */
import type { ApiResponse } from './operation.js';

/** How far a transfer has come. */
export interface TransferProgress {
  /** Bytes sent or received so far. */
  readonly loaded: number;
  /** The whole size, when known (`Content-Length`, `Blob.size`, or given by the caller). */
  readonly total?: number;
  /** `loaded / total` as 0-100, when the total is known. */
  readonly percent?: number;
}

export type ProgressCallback = (progress: TransferProgress) => void;

/** A download whose body is a stream (see the generated `...Stream()` methods). */
export interface DownloadResponse extends ApiResponse<ReadableStream<Uint8Array>, unknown> {
  /** `Content-Length` of the body, when the server sent it. */
  readonly contentLength?: number;
  /** `Content-Type` of the body, when the server sent it. */
  readonly contentType?: string;
  /** The file name of a `Content-Disposition: attachment; filename=...` header. */
  readonly fileName?: string;
}

/**
 * A request body that is read as it is sent: an `AsyncIterable` of bytes (a
 * Node `Readable`, an async generator) besides the web types, with the size
 * when known (it becomes `Content-Length`; without it the body is chunked).
 */
export interface StreamBody {
  readonly stream: ReadableStream<Uint8Array> | AsyncIterable<Uint8Array>;
  readonly size?: number;
  readonly type?: string;
}

function progressOf(loaded: number, total: number | undefined): TransferProgress {
  return total === undefined ? { loaded } : { loaded, total, percent: total === 0 ? 100 : Math.min(100, (loaded / total) * 100) };
}

/**
 * `source` passed through unchanged, counting its bytes: `onProgress` after
 * every chunk (and once with 0 before the first). Pull-based, so a slow
 * consumer slows the source down instead of growing a buffer. When `signal`
 * aborts, the source is cancelled and the stream fails: Node's fetch keeps
 * reading an aborted request body to its end otherwise.
 */
export function countBytes(
  source: ReadableStream<Uint8Array>,
  total: number | undefined,
  onProgress: ProgressCallback | undefined,
  signal?: AbortSignal,
): ReadableStream<Uint8Array> {
  const reader = source.getReader();
  let loaded = 0;
  let started = false;
  const report = (): void => {
    if (!onProgress) return;
    try {
      onProgress(progressOf(loaded, total));
    } catch {
      // A failing progress callback must not break the transfer.
    }
  };
  let stop: (() => void) | undefined;
  return new ReadableStream<Uint8Array>(
    {
      start(controller) {
        if (!signal) return;
        stop = () => {
          const reason = signal.reason ?? new DOMException('The operation was aborted.', 'AbortError');
          reader.cancel(reason).catch(() => {});
          try {
            controller.error(reason);
          } catch {
            // already closed
          }
        };
        if (signal.aborted) stop();
        else signal.addEventListener('abort', stop, { once: true });
      },
      async pull(controller) {
        if (!started) {
          started = true;
          report();
        }
        const { done, value } = await reader.read();
        if (signal?.aborted) return;
        if (done) {
          if (stop) signal!.removeEventListener('abort', stop);
          controller.close();
          return;
        }
        loaded += value.byteLength;
        controller.enqueue(value);
        report();
      },
      cancel(reason) {
        if (stop) signal!.removeEventListener('abort', stop);
        return reader.cancel(reason);
      },
    },
    { highWaterMark: 0 },
  );
}

/** Node (or a runtime that poses as it): streamed request bodies work over HTTP/1.1 there. */
export const IS_NODE = typeof (globalThis as { process?: { versions?: { node?: unknown } } }).process?.versions?.node === 'string';

/** A web stream over an async iterable (a Node `Readable`, an async generator). */
export function iterableToStream(iterable: AsyncIterable<Uint8Array>): ReadableStream<Uint8Array> {
  const it = iterable[Symbol.asyncIterator]();
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        const { done, value } = await it.next();
        if (done) controller.close();
        else controller.enqueue(typeof value === 'string' ? new TextEncoder().encode(value) : value);
      },
      async cancel(reason) {
        await it.return?.(reason);
      },
    },
    { highWaterMark: 0 },
  );
}

export function isStreamBody(value: unknown): value is StreamBody {
  if (typeof value !== 'object' || value === null || !('stream' in value)) return false;
  const s = (value as { stream: unknown }).stream;
  return (typeof ReadableStream !== 'undefined' && s instanceof ReadableStream) || isAsyncIterable(s);
}

export function isAsyncIterable(value: unknown): value is AsyncIterable<Uint8Array> {
  return typeof value === 'object' && value !== null && typeof (value as { [Symbol.asyncIterator]?: unknown })[Symbol.asyncIterator] === 'function';
}

/** The file name of a `Content-Disposition` header (`filename*=UTF-8''...` preferred). */
export function dispositionFileName(header: string | null): string | undefined {
  if (!header) return undefined;
  const star = /filename\*\s*=\s*(?:UTF-8|utf-8)''([^;]+)/.exec(header);
  if (star) {
    try {
      return decodeURIComponent(star[1]!.trim());
    } catch {
      // fall through to the plain form
    }
  }
  const plain = /filename\s*=\s*("([^"]*)"|[^;]+)/.exec(header);
  return plain ? (plain[2] ?? plain[1]!).trim() : undefined;
}
