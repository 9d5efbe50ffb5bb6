/**
 * Type-level tests of a generated package. `@ts-expect-error` lines fail the
 * build when the error they expect does not happen.
 */
import { expectTypeOf } from 'vitest';
import { ApiClient, type ApiResponse, type UnknownObject, build, runBatch, v4_0 } from '../.tmp/packages/vmm/src/index.js';
import type { LegacyBoot, RevertParamsInit, UefiBoot, Vm, VmBootConfig, VmInit } from '../.tmp/packages/vmm/src/v4.0/models/ahv/config/index.js';
import type { ApiResponseMetadata } from '../.tmp/packages/vmm/src/v4.0/shared/common/response/index.js';
import type { TaskReference } from '../.tmp/packages/vmm/src/v4.0/shared/prism/config/index.js';

const { models, shared, VmApi, EsxiVmApi } = v4_0;

// Narrowing a union by its `$objectType` literal.
declare const boot: VmBootConfig;
if (boot.$objectType === 'vmm.v4.ahv.config.UefiBoot') {
  expectTypeOf(boot).toEqualTypeOf<UefiBoot>();
} else {
  expectTypeOf(boot).toEqualTypeOf<LegacyBoot | UnknownObject>();
}
switch (boot.$objectType) {
  case 'vmm.v4.ahv.config.LegacyBoot':
    expectTypeOf(boot.bootDevice).not.toBeAny();
    break;
  case 'vmm.v4.ahv.config.UefiBoot':
    expectTypeOf(boot.isSecureBootEnabled).toEqualTypeOf<boolean | undefined>();
    break;
  default:
    // What no branch claims: the type admits it, so an exhaustive switch needs this default.
    expectTypeOf(boot).toEqualTypeOf<UnknownObject>();
    expectTypeOf(boot.objectType).toEqualTypeOf<string | undefined>();
}
// @ts-expect-error without a default, a switch over the known branches does not return on every path
export function noDefault(b: VmBootConfig): string { switch (b.$objectType) { case 'vmm.v4.ahv.config.UefiBoot': return 'u'; case 'vmm.v4.ahv.config.LegacyBoot': return 'l'; } }
expectTypeOf(models.ahv.config.Vm.objectType).toEqualTypeOf<'vmm.v4.ahv.config.Vm'>();
expectTypeOf<Vm['$objectType']>().toEqualTypeOf<'vmm.v4.ahv.config.Vm'>();
// @ts-expect-error $objectType is fixed
declare const vm: Vm; vm.$objectType = 'vmm.v4.esxi.config.Vm';

// Required fields are required; read-only fields are not required when creating.
new models.ahv.config.RevertParams({ vmRecoveryPointExtId: '6f1a5b0e-3b7c-4d0e-9a8b-1c2d3e4f5a6b' });
// @ts-expect-error vmRecoveryPointExtId is required
new models.ahv.config.RevertParams({});
expectTypeOf<RevertParamsInit>().toHaveProperty('vmRecoveryPointExtId').toEqualTypeOf<string>();
const empty: VmInit = {};
expectTypeOf(empty).toMatchTypeOf<VmInit>();
expectTypeOf<VmInit['extId']>().toEqualTypeOf<string | null | undefined>();
// @ts-expect-error a wrong field type is caught
new models.ahv.config.Vm({ numSockets: 'two' });

// Enums: a const object and a literal union.
expectTypeOf(models.ahv.config.PowerState.ON).toEqualTypeOf<'ON'>();
const state: v4_0.models.ahv.config.PowerState = 'OFF';
// @ts-expect-error not a power state
const badState: v4_0.models.ahv.config.PowerState = 'SLEEPING';
void state;
void badState;

// Operations: typed parameters and results; same operation id in two tags, two classes.
const client = new ApiClient({ host: 'pc.example.com', username: 'admin', password: 'secret' });
const vmApi = new VmApi(client);
expectTypeOf(vmApi.getVmById).parameter(0).toHaveProperty('extId').toEqualTypeOf<string>();
expectTypeOf(vmApi.getVmById).returns.toEqualTypeOf<Promise<ApiResponse<Vm, ApiResponseMetadata>>>();
expectTypeOf(vmApi.listVms).returns.resolves.toHaveProperty('data').toEqualTypeOf<Vm[]>();
expectTypeOf(vmApi.listVmsAll).returns.toEqualTypeOf<AsyncIterableIterator<Vm>>();
expectTypeOf(new EsxiVmApi(client).listVms).returns.resolves.toHaveProperty('data').toEqualTypeOf<v4_0.models.esxi.config.Vm[]>();
expectTypeOf(vmApi.deleteVmById).returns.resolves.toHaveProperty('data').toEqualTypeOf<TaskReference>();
// @ts-expect-error extId is required
void vmApi.getVmById({});
// The runtime fills NTNX-Request-Id and If-Match: optional to the caller.
expectTypeOf<v4_0.VmApi.UpdateVmByIdParams['ifMatch']>().toEqualTypeOf<string | object | undefined>();
expectTypeOf<v4_0.VmApi.UpdateVmByIdParams['body']>().toEqualTypeOf<Vm>();
expectTypeOf<v4_0.VmApi.ListVmsParams['$limit']>().toEqualTypeOf<number | undefined>();

// Shared namespaces are reachable too.
expectTypeOf(shared.common.config.KVPair.objectType).toEqualTypeOf<'common.v1.config.KVPair'>();

declare const readImage: InstanceType<typeof models.content.Image>;
// `x-required-by-operation: { create: [source] }` on vmm Image: required in createImage's request type.
{
  const images = new v4_0.ImagesApi(new ApiClient({ host: 'pc' }));
  const { Image, UrlSource } = models.content;
  // @ts-expect-error source is required by create although Image leaves it optional
  void images.createImage({ body: new Image({ name: 'ubuntu', type: 'DISK_IMAGE' }) });
  void images.createImage({ body: build(Image, { name: 'ubuntu', type: 'DISK_IMAGE', source: new UrlSource({ url: 'https://example.com/u.qcow2' }) }) });
  // Update does not require it.
  void images.updateImageById({ extId: 'x', body: readImage });
}

// Typed errors: the API class's guard narrows ApiError.data to the declared error model.
export function errorData(e: unknown): string | undefined {
  // @ts-expect-error without the guard, data is unknown
  e instanceof Error && (e as import('../.tmp/packages/vmm/src/index.js').ApiError).data.error;
  if (v4_0.VmApi.isError(e)) {
    expectTypeOf(e.data).toEqualTypeOf<InstanceType<typeof models.error.ErrorResponse>>();
    return e.status === 404 ? 'not found' : e.message;
  }
  return undefined;
}

// Batches: the items are the parameters of the one operation given; another operation's are a type error.
{
  const client = new ApiClient({ host: 'pc' });
  const vm = {} as Vm;
  void runBatch(client, VmApi.updateVmById, [{ extId: 'a', body: vm }]).then((result) => {
    expectTypeOf(result.items[0]!.params.body).toEqualTypeOf<Vm>();
  });
  // @ts-expect-error deleteVmById's parameters are not updateVmById's (no body)
  void runBatch(client, VmApi.updateVmById, [{ extId: 'a' } satisfies v4_0.VmApi.DeleteVmByIdParams]);
  const mixed = [{ extId: 'a', body: vm }, { extId: 'b' }];
  // @ts-expect-error one batch, one operation: a list mixing two operations' parameters is refused
  void runBatch(client, VmApi.updateVmById, mixed);
}

// Streamed downloads: the sibling method of a binary answer.
{
  const images = new v4_0.ImagesApi(new ApiClient({ host: 'pc' }));
  void images.getFileByImageIdStream({ imageExtId: 'x' }).then((res) => {
    expectTypeOf(res.data).toEqualTypeOf<ReadableStream<Uint8Array>>();
    expectTypeOf(res.contentLength).toEqualTypeOf<number | undefined>();
  });
  void images.getFileByImageId({ imageExtId: 'x' }).then((res) => expectTypeOf(res.data).toEqualTypeOf<Blob>());
}
