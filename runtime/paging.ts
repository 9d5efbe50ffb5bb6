/**
 * Iterate every item of a paged Nutanix list (`$page` / `$limit`), fetching
 * pages lazily as the caller consumes items.
 */
import { abortReason } from './abort.js';
import { isRecord } from './errors.js';

/** What a list call returns; an `ApiResponse<T[]>` fits. */
export interface PageLike<T> {
  readonly data?: readonly T[] | null;
  readonly metadata?: unknown;
}

export interface PaginateOptions {
  /** First page number (`$page` is 0-based in Nutanix v4). Default 0. */
  readonly startPage?: number | undefined;
  /** The page size requested (`$limit`): a shorter page is taken as the last. */
  readonly limit?: number | undefined;
  readonly signal?: AbortSignal | undefined;
  /** Hard bound on the number of pages fetched. Default 10000. */
  readonly maxPages?: number | undefined;
}

/**
 * Stops at the first of: an empty page, `metadata.totalAvailableResults`
 * reached, a page shorter than `limit`, `metadata.links` without a `next` link
 * (when links are present), or `maxPages`.
 */
export async function* paginate<T>(fetchPage: (page: number) => Promise<PageLike<T>>, options: PaginateOptions = {}): AsyncGenerator<T, void, undefined> {
  const { startPage = 0, limit, signal, maxPages = 10_000 } = options;
  let seen = 0;
  for (let page = startPage, fetched = 0; fetched < maxPages; page++, fetched++) {
    if (signal?.aborted) throw abortReason(signal);
    const res = await fetchPage(page);
    const items = res.data ?? [];
    if (!Array.isArray(items)) throw new TypeError(`paginate: page ${page} has no array in data`);
    for (const item of items) {
      yield item;
      if (signal?.aborted) throw abortReason(signal);
    }
    seen += items.length;
    if (items.length === 0 || isLastPage(res.metadata, seen)) return;
    if (limit !== undefined && items.length < limit) return;
  }
}

function isLastPage(metadata: unknown, seen: number): boolean {
  if (!isRecord(metadata)) return false;
  const total = metadata['totalAvailableResults'];
  if (typeof total === 'number' && seen >= total) return true;
  const links = metadata['links'];
  if (Array.isArray(links) && links.length > 0) {
    return !links.some((l) => isRecord(l) && typeof l['rel'] === 'string' && l['rel'].toLowerCase() === 'next');
  }
  return false;
}
