import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ApiClient, ApiError, PreconditionFailedError, etagOf, withEtag } from '../../runtime/index.js';
import { FaultServer } from '../support/fault-server.js';
import { VMS, Vm, VmApi, distinct, envelope } from '../support/ops.js';

let server: FaultServer;
let api: VmApi;
beforeEach(async () => {
  server = await FaultServer.start();
  api = new VmApi(new ApiClient({ baseUrl: server.baseUrl, retry: { baseDelayMs: 5, maxDelayMs: 20 } }));
});
afterEach(async () => {
  await server.close();
});

const STALE = {
  status: 412,
  json: { data: { error: [{ message: 'ETag mismatch', code: 'PLAT-10005', severity: 'ERROR', $objectType: 'vmm.v4.error.AppMessage' }] } },
};

describe('etag helpers', () => {
  it('etagOf reads strings, attached tags and $reserved.ETag; withEtag attaches', () => {
    const m = withEtag({ a: 1 }, 'tag-1');
    expect(etagOf(m)).toBe('tag-1');
    expect(etagOf('tag-2')).toBe('tag-2');
    expect(etagOf({ $reserved: { ETag: 'tag-3' } })).toBe('tag-3');
    expect(etagOf({})).toBeUndefined();
    expect(etagOf(undefined)).toBeUndefined();
    expect(JSON.stringify(m)).toBe('{"a":1}');
  });
});

describe('If-Match', () => {
  it('sends the ETag of the model that was read, when the caller gives none', async () => {
    server.route('GET', `/api${VMS}/vm-1`, { headers: { etag: '"v1"' }, json: envelope({ extId: 'vm-1', name: 'a' }) });
    server.route('PUT', `/api${VMS}/vm-1`, { status: 202, json: envelope({ extId: 'task-1' }) });
    const { data: vm } = await api.getVmById({ extId: 'vm-1' });
    vm.name = 'b';
    await api.updateVmById({ extId: 'vm-1', body: vm });
    const put = server.requestsTo('PUT', `/api${VMS}/vm-1`)[0]!;
    expect(put.headers['if-match']).toBe('"v1"');
    expect(JSON.parse(put.body)).toEqual({ extId: 'vm-1', name: 'b' });
  });

  it('accepts a model or a string as the If-Match value', async () => {
    server.route('PUT', `/api${VMS}/vm-1`, { status: 202, json: envelope({}) });
    const source = withEtag(new Vm(), '"from-model"');
    await api.updateVmById({ extId: 'vm-1', body: new Vm(), ifMatch: source });
    await api.updateVmById({ extId: 'vm-1', body: withEtag(new Vm(), '"ignored"'), ifMatch: '"explicit"' });
    await api.updateVmById({ extId: 'vm-1', body: new Vm() });
    const [a, b, c] = server.requestsTo('PUT', `/api${VMS}/vm-1`);
    expect(a!.headers['if-match']).toBe('"from-model"');
    expect(b!.headers['if-match']).toBe('"explicit"');
    expect(c!.headers['if-match']).toBeUndefined();
  });

  it('412 is a PreconditionFailedError with the Nutanix messages and the sent ETag', async () => {
    server.route('PUT', `/api${VMS}/vm-1`, STALE);
    const err = await api.updateVmById({ extId: 'vm-1', body: new Vm(), ifMatch: '"old"' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PreconditionFailedError);
    expect(err).toBeInstanceOf(ApiError);
    expect(err).toMatchObject({ name: 'PreconditionFailedError', status: 412, sentEtag: '"old"' });
    expect((err as ApiError).codes).toEqual(['PLAT-10005']);
    expect(server.requests).toHaveLength(1); // not retried by default
  });

  it('refetchOnStaleEtag: re-reads the entity and retries once with its new ETag', async () => {
    server.route('PUT', `/api${VMS}/vm-1`, [STALE, { status: 202, json: envelope({ extId: 'task-1' }) }]);
    server.route('GET', `/api${VMS}/vm-1`, { headers: { etag: '"v2"' }, json: envelope({ extId: 'vm-1' }) });
    const res = await api.updateVmById({ extId: 'vm-1', body: new Vm(), ifMatch: '"v1"' }, { refetchOnStaleEtag: true });
    expect(res.status).toBe(202);
    const puts = server.requestsTo('PUT', `/api${VMS}/vm-1`);
    expect(puts.map((r) => r.headers['if-match'])).toEqual(['"v1"', '"v2"']);
    expect(server.requestsTo('GET', `/api${VMS}/vm-1`)).toHaveLength(1);
    expect(distinct(puts, 'NTNX-Request-Id').size).toBe(1);
  });

  it('refetch retries only once: a second 412 is thrown', async () => {
    server.route('PUT', `/api${VMS}/vm-1`, STALE);
    server.route('GET', `/api${VMS}/vm-1`, { headers: { etag: '"v2"' }, json: envelope({}) });
    await expect(api.updateVmById({ extId: 'vm-1', body: new Vm() }, { refetchOnStaleEtag: true })).rejects.toBeInstanceOf(PreconditionFailedError);
    expect(server.requestsTo('PUT', `/api${VMS}/vm-1`)).toHaveLength(2);
  });

  it('refetch for an $actions path reads the entity URL', async () => {
    server.route('POST', `/api${VMS}/vm-1/$actions/power-on`, [STALE, { status: 202, json: envelope({ extId: 't' }) }]);
    server.route('GET', `/api${VMS}/vm-1`, { headers: { etag: '"v9"' }, json: envelope({}) });
    const res = await api.powerOnVm({ extId: 'vm-1', ifMatch: '"v8"' }, { refetchOnStaleEtag: true });
    expect(res.status).toBe(202);
    expect(server.requests.map((r) => `${r.method} ${r.path} ${r.headers['if-match'] ?? ''}`)).toEqual([
      `POST /api${VMS}/vm-1/$actions/power-on "v8"`,
      `GET /api${VMS}/vm-1 `,
      `POST /api${VMS}/vm-1/$actions/power-on "v9"`,
    ]);
  });
});
