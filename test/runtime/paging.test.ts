import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ApiClient, paginate, type PageLike } from '../../runtime/index.js';
import { FaultServer, type RecordedRequest } from '../support/fault-server.js';
import { VMS, VmApi } from '../support/ops.js';

let server: FaultServer;
beforeEach(async () => {
  server = await FaultServer.start();
});
afterEach(async () => {
  await server.close();
});

/** A list endpoint over `total` VMs, with Nutanix-style metadata and links. */
function listOf(total: number, opts: { links?: boolean; count?: boolean } = {}) {
  return (r: RecordedRequest) => {
    const page = Number(r.query.get('$page') ?? 0);
    const limit = Number(r.query.get('$limit') ?? 50);
    const items = Array.from({ length: total }, (_, i) => ({ extId: `vm-${i}` })).slice(page * limit, (page + 1) * limit);
    const last = (page + 1) * limit >= total;
    const links = [{ rel: 'self', href: `${r.path}?$page=${page}` }, ...(last ? [] : [{ rel: 'next', href: `${r.path}?$page=${page + 1}` }])];
    const metadata = { ...(opts.count === false ? {} : { totalAvailableResults: total }), ...(opts.links === false ? {} : { links }) };
    return { json: { data: items, metadata } };
  };
}

describe('paginate', () => {
  it('walks three pages of results through a generated-style list call', async () => {
    server.route('GET', `/api${VMS}`, listOf(5));
    const api = new VmApi(new ApiClient({ baseUrl: server.baseUrl }));
    const all = paginate((page) => api.listVms({ $page: page, $limit: 2 }), { limit: 2 });
    const ids: string[] = [];
    for await (const vm of all) ids.push(vm.extId!);
    expect(ids).toEqual(['vm-0', 'vm-1', 'vm-2', 'vm-3', 'vm-4']);
    expect(server.requests.map((r) => r.query.get('$page'))).toEqual(['0', '1', '2']);
  });

  it('stops on totalAvailableResults without an extra request', async () => {
    server.route('GET', `/api${VMS}`, listOf(4, { links: false }));
    const api = new VmApi(new ApiClient({ baseUrl: server.baseUrl }));
    const ids: string[] = [];
    for await (const vm of paginate((page) => api.listVms({ $page: page, $limit: 2 }))) ids.push(vm.extId!);
    expect(ids).toHaveLength(4);
    expect(server.requests).toHaveLength(2);
  });

  it('stops when the links have no next', async () => {
    server.route('GET', `/api${VMS}`, listOf(4, { count: false }));
    const api = new VmApi(new ApiClient({ baseUrl: server.baseUrl }));
    let n = 0;
    for await (const _ of paginate((page) => api.listVms({ $page: page, $limit: 2 }))) n++;
    expect(n).toBe(4);
    expect(server.requests).toHaveLength(2);
  });

  it('stops on an empty page when there is no metadata', async () => {
    const pages: PageLike<number>[] = [{ data: [1, 2] }, { data: [3, 4] }, { data: [] }, { data: [99] }];
    const seen: number[] = [];
    const calls: number[] = [];
    for await (const x of paginate(async (p) => (calls.push(p), pages[p]!))) seen.push(x);
    expect(seen).toEqual([1, 2, 3, 4]);
    expect(calls).toEqual([0, 1, 2]);
  });

  it('stops on a short page when the limit is known, honours startPage and maxPages', async () => {
    const fetchPage = async (p: number): Promise<PageLike<number>> => ({ data: p < 100 ? [p, p] : [p] });
    const short: number[] = [];
    for await (const x of paginate(async (p) => ({ data: p === 1 ? [1] : [0, 0] }), { limit: 2 })) short.push(x);
    expect(short).toEqual([0, 0, 1]);
    const bounded: number[] = [];
    for await (const x of paginate(fetchPage, { startPage: 5, maxPages: 3 })) bounded.push(x);
    expect(bounded).toEqual([5, 5, 6, 6, 7, 7]);
  });

  it('is lazy and can be stopped early; the signal aborts it', async () => {
    const calls: number[] = [];
    const fetchPage = async (p: number): Promise<PageLike<number>> => (calls.push(p), { data: [p * 10, p * 10 + 1] });
    for await (const x of paginate(fetchPage)) if (x === 11) break;
    expect(calls).toEqual([0, 1]);

    const ac = new AbortController();
    const it = paginate(fetchPage, { signal: ac.signal });
    await it.next();
    ac.abort();
    await expect(it.next()).rejects.toMatchObject({ name: 'AbortError' });
  });
});
