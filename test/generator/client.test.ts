/**
 * A generated client (vmm) making real HTTP calls to a local server and
 * decoding the typed responses.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FaultServer } from '../support/fault-server.js';
import { importPackage } from '../support/packages.js';

const VM_PATH = '/api/vmm/v4.0/ahv/config/vms';
const EXT_ID = '3f2b6c1e-9a4d-4e7f-8b1c-2d3e4f5a6b7c';
const TASK = 'ZXJnb24=:5f1a2b3c-4d5e-4f60-8a1b-2c3d4e5f6a7b';

function vmJson(i: number): Record<string, unknown> {
  return {
    $objectType: 'vmm.v4.ahv.config.Vm',
    $reserved: { $fv: 'v4.r0' },
    extId: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
    name: `vm-${i}`,
    powerState: i % 2 ? 'ON' : 'OFF',
    bootConfig: { $objectType: 'vmm.v4.ahv.config.UefiBoot', isSecureBootEnabled: true },
    disks: [{ $objectType: 'vmm.v4.ahv.config.Disk', backingInfo: { $objectType: 'vmm.v4.ahv.config.VmDisk', diskSizeBytes: 1024 * i } }],
  };
}

describe('generated vmm client against a local server', () => {
  let server: FaultServer;
  let pkg: any;
  let api: any;

  beforeAll(async () => {
    server = await FaultServer.start();
    pkg = await importPackage('vmm');
    const client = new pkg.ApiClient({ baseUrl: server.baseUrl, username: 'admin', password: 'secret', retry: { baseDelayMs: 1, maxDelayMs: 5 } });
    api = new pkg.v4_0.VmApi(client);
  });
  afterAll(async () => server.close());

  it('GET by id: path encoded, auth sent, envelope decoded into classes, ETag kept with the model', async () => {
    server.route('GET', `${VM_PATH}/${EXT_ID}`, {
      headers: { ETag: 'W/"etag-1"' },
      json: { $objectType: 'vmm.v4.ahv.config.GetVmApiResponse', metadata: { $objectType: 'common.v1.response.ApiResponseMetadata', flags: [] }, data: { ...vmJson(1), extId: EXT_ID } },
    });
    const res = await api.getVmById({ extId: EXT_ID });
    expect(res.status).toBe(200);
    expect(res.data).toBeInstanceOf(pkg.v4_0.models.ahv.config.Vm);
    expect(res.data.bootConfig).toBeInstanceOf(pkg.v4_0.models.ahv.config.UefiBoot);
    expect(res.data.disks[0].backingInfo.diskSizeBytes).toBe(1024);
    expect(res.metadata).toBeInstanceOf(pkg.v4_0.shared.common.response.ApiResponseMetadata);
    expect(res.etag).toBe('W/"etag-1"');
    expect(pkg.etagOf(res.data)).toBe('W/"etag-1"');
    const [req] = server.requestsTo('GET', `${VM_PATH}/${EXT_ID}`);
    expect(req!.headers.authorization).toBe(`Basic ${Buffer.from('admin:secret').toString('base64')}`);
  });

  it('PUT sends the model as JSON with If-Match from the GET and one request id', async () => {
    server.route('GET', `${VM_PATH}/${EXT_ID}`, { headers: { ETag: 'W/"etag-2"' }, json: { data: { ...vmJson(2), extId: EXT_ID } } });
    server.route('PUT', `${VM_PATH}/${EXT_ID}`, [{ status: 503 }, { status: 202, json: { data: { $objectType: 'prism.v4.config.TaskReference', extId: TASK } } }]);
    const { data: vm } = await api.getVmById({ extId: EXT_ID });
    vm.name = 'renamed';
    const res = await api.updateVmById({ extId: EXT_ID, body: vm });
    expect(res.status).toBe(202);
    expect(res.data).toBeInstanceOf(pkg.v4_0.shared.prism.config.TaskReference);
    expect(res.data.extId).toBe(TASK);
    const puts = server.requestsTo('PUT', `${VM_PATH}/${EXT_ID}`);
    expect(puts).toHaveLength(2);
    for (const put of puts) {
      expect(put.headers['if-match']).toBe('W/"etag-2"');
      expect(put.headers['content-type']).toMatch(/^application\/json/);
      expect(JSON.parse(put.body)).toMatchObject({ $objectType: 'vmm.v4.ahv.config.Vm', name: 'renamed', extId: EXT_ID });
    }
    expect(new Set(puts.map((p) => p.headers['ntnx-request-id'])).size).toBe(1);
    expect(puts[0]!.headers['ntnx-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('lists with $-prefixed query options and iterates every page', async () => {
    server.route('GET', VM_PATH, (req) => {
      const page = Number(req.query.get('$page') ?? '0');
      const limit = Number(req.query.get('$limit') ?? '50');
      const items = Array.from({ length: page < 2 ? limit : 1 }, (_, i) => vmJson(page * limit + i));
      return { json: { metadata: { totalAvailableResults: 2 * limit + 1 }, data: items } };
    });
    const first = await api.listVms({ $limit: 2, $filter: "name eq 'a b'", $orderby: 'name desc' });
    expect(first.data).toHaveLength(2);
    expect(first.data[0]).toBeInstanceOf(pkg.v4_0.models.ahv.config.Vm);
    const sent = server.requestsTo('GET', VM_PATH).at(-1)!;
    expect(sent.query.get('$filter')).toBe("name eq 'a b'");
    expect(sent.query.get('$orderby')).toBe('name desc');
    const names: string[] = [];
    for await (const vm of api.listVmsAll({ $limit: 2 })) names.push(vm.name);
    expect(names).toEqual(['vm-0', 'vm-1', 'vm-2', 'vm-3', 'vm-4']);
  });

  it('a list with no results (metadata, no data) resolves to an empty array, as its type says', async () => {
    server.route('GET', VM_PATH, { json: { $objectType: 'vmm.v4.ahv.config.ListVmsApiResponse', metadata: { totalAvailableResults: 0 } } });
    const res = await api.listVms({ $filter: "name eq 'none'" });
    expect(res.data).toEqual([]);
    expect(res.data.length).toBe(0);
    expect(res.metadata.totalAvailableResults).toBe(0);
    // `data: null` is no list either.
    server.route('GET', VM_PATH, { json: { metadata: { totalAvailableResults: 0 }, data: null } });
    expect((await api.listVms()).data).toEqual([]);
  });

  it('turns an error status into a typed ApiError with the decoded error body', async () => {
    server.route('GET', `${VM_PATH}/missing`, {
      status: 404,
      json: {
        data: {
          $objectType: 'vmm.v4.error.ErrorResponse',
          error: [{ $objectType: 'vmm.v4.error.AppMessage', code: 'VMM-20005', message: 'VM not found', severity: 'ERROR' }],
        },
      },
    });
    const err = await api.getVmById({ extId: 'missing' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(pkg.ApiError);
    expect(err.status).toBe(404);
    expect(err.data).toBeInstanceOf(pkg.v4_0.models.error.ErrorResponse);
    expect(err.messages[0]).toMatchObject({ code: 'VMM-20005', message: 'VM not found' });
    // The type guard of the API class: true when the body decoded as the declared error model.
    expect(pkg.v4_0.VmApi.isError(err)).toBe(true);
    expect(err.decoded).toBe(true);
    expect(pkg.v4_0.ImagesApi.isError(err)).toBe(false); // not one of its operations
    server.route('GET', `${VM_PATH}/proxy`, { status: 502, headers: { 'content-type': 'text/html' }, body: '<html>bad gateway</html>' });
    const proxied = await api.getVmById({ extId: 'proxy' }, { retry: false }).catch((e: unknown) => e);
    expect(proxied).toBeInstanceOf(pkg.ApiError);
    expect(pkg.v4_0.VmApi.isError(proxied)).toBe(false); // data is the text, not an ErrorResponse
  });
});
