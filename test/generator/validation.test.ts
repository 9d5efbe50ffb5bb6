/**
 * Opt-in request validation against the document's constraints (generated vmm
 * package, local server): off by default, on per client or per call, every
 * violation listed with its JSON path, and nothing sent when one is found.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FaultServer } from '../support/fault-server.js';
import { importPackage } from '../support/packages.js';

const VM_PATH = '/api/vmm/v4.0/ahv/config/vms';
const TASK = { data: { $objectType: 'prism.v4.config.TaskReference', extId: 'ZXJnb24=:5f1a2b3c-4d5e-4f60-8a1b-2c3d4e5f6a7b' } };

describe('request validation (vmm)', () => {
  let server: FaultServer;
  let pkg: any;
  const client = (extra: Record<string, unknown> = {}) => new pkg.ApiClient({ baseUrl: server.baseUrl, username: 'u', password: 'p', retry: false, ...extra });

  beforeAll(async () => {
    server = await FaultServer.start();
    pkg = await importPackage('vmm');
  });
  afterAll(async () => server.close());

  it('is off by default: a 300-character name, numSockets -5 and a malformed extId go to the server', async () => {
    server.route('PUT', `${VM_PATH}/not-a-uuid`, { status: 202, json: TASK });
    const vms = new pkg.v4_0.VmApi(client({ validation: pkg.v4_0.validation }));
    const vm = new pkg.v4_0.models.ahv.config.Vm({ name: 'x'.repeat(300), numSockets: -5 });
    await vms.updateVmById({ extId: 'not-a-uuid', body: vm, ifMatch: 'e' });
    expect(server.requestsTo('PUT', `${VM_PATH}/not-a-uuid`)).toHaveLength(1);
  });

  it('on for the client: lists every violation with its JSON path and sends nothing', async () => {
    server.requests.length = 0;
    const vms = new pkg.v4_0.VmApi(client({ validation: pkg.v4_0.validation, validate: true }));
    const { Vm, Disk, VmDisk } = pkg.v4_0.models.ahv.config;
    const vm = new Vm({ name: 'x'.repeat(300), numSockets: -5, machineType: 'Q36', disks: [new Disk({ backingInfo: new VmDisk({ diskSizeBytes: 0 }) })] });
    const err = await vms.updateVmById({ extId: 'not-a-uuid', body: vm, ifMatch: 'e' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(pkg.ValidationError);
    expect(err).toBeInstanceOf(pkg.SdkError);
    const found = err.violations.map((v: { path: string; rule: string }) => `${v.path} ${v.rule}`);
    expect(found).toEqual(
      expect.arrayContaining(['$.path.extId pattern', '$.body.name maxLength', '$.body.numSockets minimum', '$.body.machineType enum']),
    );
    expect(err.message).toContain('$.body.name: must have at most 80 characters (has 300)');
    expect(server.requests).toHaveLength(0);
  });

  it('on or off per call, and required-by-operation fields (createImage needs source)', async () => {
    server.requests.length = 0;
    const images = new pkg.v4_0.ImagesApi(client({ validation: [pkg.v4_0.validation] }));
    const image = new pkg.v4_0.models.content.Image({ name: 'ubuntu', type: 'DISK_IMAGE' });
    const err = await images.createImage({ body: image }, { validate: true }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(pkg.ValidationError);
    expect(err.violations).toEqual([{ path: '$.body.source', rule: 'required', message: 'is required by this operation (x-required-by-operation)' }]);
    expect(server.requests).toHaveLength(0);
    server.route('POST', '/api/vmm/v4.0/content/images', { status: 202, json: TASK });
    const strict = new pkg.v4_0.ImagesApi(client({ validation: pkg.v4_0.validation, validate: true }));
    expect((await strict.createImage({ body: image }, { validate: false })).status).toBe(202);
    const ok = new pkg.v4_0.models.content.Image({ name: 'ubuntu', type: 'DISK_IMAGE', source: new pkg.v4_0.models.content.UrlSource({ url: 'https://example.com/u.qcow2' }) });
    expect((await strict.createImage({ body: ok })).status).toBe(202);
  });

  it('validation without a table for the operation is a clear error, not a silent pass', async () => {
    const vms = new pkg.v4_0.VmApi(client({ validate: true }));
    const err = await vms.getVmById({ extId: '3f2b6c1e-9a4d-4e7f-8b1c-2d3e4f5a6b7c' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(pkg.SdkError);
    expect(err.message).toMatch(/no table describes GET \/vmm\/v4.0\/ahv\/config\/vms\/\{extId\}/);
  });
});
