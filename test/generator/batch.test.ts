/**
 * Typed batches with the generated vmm package: 250 VM updates read with
 * their own ETags, built from `VmApi.updateVmById`, sent as one batch that
 * Prism runs in chunks; outcomes from the batch's sub-tasks.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiClient, BatchResult, OperationDescriptor, runBatch as RunBatch } from '../../runtime/index.js';
import { FaultServer } from '../support/fault-server.js';
import { importPackage } from '../support/packages.js';
import { TaskSim } from '../support/task-sim.js';

const VMS = '/api/vmm/v4.0/ahv/config/vms';
const BATCH = '/api/prism/v4.0/operations/$actions/batch';
const vmId = (i: number): string => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`;

type Vm = { extId?: string; name?: string };
type UpdateParams = { extId: string; body: Vm; ifMatch?: string | object };
type VmApiClass = (new (c: ApiClient) => { getVmById(p: { extId: string }): Promise<{ data: Vm }> }) & {
  updateVmById: OperationDescriptor<UpdateParams, unknown>;
  getVmById: OperationDescriptor<{ extId: string }, Vm>;
};
let pkg: { ApiClient: typeof ApiClient; runBatch: typeof RunBatch; v4_0: { VmApi: VmApiClass } };
let server: FaultServer;
let sim: TaskSim;
const batches: Array<Record<string, any>> = [];

beforeAll(async () => {
  pkg = (await importPackage('vmm')) as unknown as typeof pkg;
  server = await FaultServer.start();
  sim = new TaskSim().serve(server);
  server.route('GET', new RegExp(`^${VMS}/[^/]+$`), (req) => {
    const extId = req.path.slice(VMS.length + 1);
    const i = Number(extId.slice(-12));
    return { headers: { etag: `W/"etag-${i}"` }, json: { data: { $objectType: 'vmm.v4.ahv.config.Vm', extId, name: `vm-${i}` } } };
  });
  // Prism: one task for the batch, with one sub-task per payload item; every 25th item fails.
  server.route('POST', BATCH, (req) => {
    const spec = JSON.parse(req.body) as { payload: unknown[] };
    const n = batches.push(spec);
    const subTasks = spec.payload.map((_, i) => {
      const extId = `ZXJnb24=:sub-${n}-${i}`;
      sim.add(extId, 50 + ((i * 37) % 400), i % 25 === 0);
      return { $objectType: 'prism.v4.config.TaskReference', extId };
    });
    const batchTask = `ZXJnb24=:batch-${n}`;
    sim.add(batchTask, 200, false, { subTasks });
    return { status: 202, json: { data: { $objectType: 'prism.v4.config.TaskReference', extId: batchTask } } };
  });
});
afterAll(async () => server.close());

describe('runBatch with generated operations', () => {
  it('250 VM updates, each with its own ETag, sent as one batch in chunks; 250 typed outcomes, failures included', async () => {
    const client = new pkg.ApiClient({ baseUrl: server.baseUrl, username: 'admin', password: 'pw', taskPolling: { pollMs: 50, maxPollMs: 200, maxRequestsPerSecond: 20 } });
    const { VmApi } = pkg.v4_0;
    const vmApi = new VmApi(client);
    const vms = await Promise.all(Array.from({ length: 250 }, (_, i) => vmApi.getVmById({ extId: vmId(i) }).then((r) => r.data)));
    for (const vm of vms) vm.name = `${vm.name}-renamed`;

    const result: BatchResult<UpdateParams> = await pkg.runBatch(client, VmApi.updateVmById, vms.map((vm) => ({ extId: vm.extId!, body: vm })), { chunkSize: 50, name: 'rename' });

    expect(batches).toHaveLength(1);
    const [spec] = batches;
    expect(spec!.metadata).toEqual({ action: 'MODIFY', name: 'rename', uri: '/api/vmm/v4.0/ahv/config/vms/{extId}', shouldStopOnError: false, chunkSize: 50 });
    expect(spec!.payload).toHaveLength(250);
    spec!.payload.forEach((item: any, i: number) => {
      expect(item.metadata.path).toEqual([{ name: 'extId', value: vmId(i) }]);
      expect(item.metadata.headers).toEqual([{ name: 'If-Match', value: `W/"etag-${i}"` }]);
      expect(item.data).toEqual({ $objectType: 'vmm.v4.ahv.config.Vm', extId: vmId(i), name: `vm-${i}-renamed` });
    });
    const request = server.requestsTo('POST', BATCH)[0]!;
    expect(request.headers['ntnx-request-id']).toMatch(/^[0-9a-f-]{36}$/);

    expect(result.items).toHaveLength(250);
    expect(result.failed).toBe(10);
    expect(result.succeeded).toBe(240);
    result.items.forEach((item, i) => {
      expect(item.index).toBe(i);
      expect(item.params.extId).toBe(vmId(i));
      expect(item.params.body).toBe(vms[i]);
      expect(item.ok).toBe(i % 25 !== 0);
      expect(item.status).toBe(i % 25 === 0 ? 'FAILED' : 'SUCCEEDED');
      if (!item.ok) expect(item.error).toMatchObject({ name: 'TaskFailedError', status: 'FAILED' });
    });
    expect(result.batches[0]).toMatchObject({ status: 'SUCCEEDED' });
  });

  it('an explicit ifMatch wins over the body ETag; more items than maxItemsPerBatch go as several batches', async () => {
    batches.length = 0;
    const client = new pkg.ApiClient({ baseUrl: server.baseUrl, taskPolling: { pollMs: 50, maxRequestsPerSecond: 20 } });
    const { VmApi } = pkg.v4_0;
    const items = [0, 1, 2].map((i) => ({ extId: vmId(i), body: { extId: vmId(i), name: 'x' } as Vm, ifMatch: `tag-${i}` }));
    const result = await pkg.runBatch(client, VmApi.updateVmById, items, { maxItemsPerBatch: 2, shouldStopOnError: true });
    expect(batches.map((b) => b.payload.length)).toEqual([2, 1]);
    expect(batches[0]!.metadata.shouldStopOnError).toBe(true);
    expect(batches[1]!.payload[0].metadata.headers).toEqual([{ name: 'If-Match', value: 'tag-2' }]);
    expect(result.items.map((r) => r.index)).toEqual([0, 1, 2]);
  });

  it('refuses an operation that cannot be batched, and a missing path value, with a clear error', async () => {
    const client = new pkg.ApiClient({ baseUrl: server.baseUrl });
    const { VmApi } = pkg.v4_0;
    await expect(pkg.runBatch(client, VmApi.getVmById, [{ extId: 'a' }])).rejects.toThrow(/GET operation cannot be batched/);
    await expect(pkg.runBatch(client, VmApi.updateVmById, [{ body: {} } as UpdateParams])).rejects.toThrow(/missing path parameter "extId"/);
  });
});
