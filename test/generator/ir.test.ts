/**
 * The intermediate model: naming decisions, module placement, operations.
 */
import { describe, expect, it } from 'vitest';
import type { ModelDecl, TypeRef, Version } from '../../generator/ir/model.js';
import { enumKey, memberName, parseSchemaKey, typeName, wireObjectType } from '../../generator/ir/naming.js';
import { packageIr } from '../support/packages.js';

describe('naming', () => {
  it.each([
    ['vmm.v4.0.ahv.config.Vm', 'vmm.v4.ahv.config.Vm', ['ahv', 'config']],
    ['iam.v4.1.b2.authn.User', 'iam.v4.authn.User', ['authn']],
    ['common.v1.0.config.Flag', 'common.v1.config.Flag', ['config']],
    ['storage.v4.r0.a3.config.StorageContainer', 'storage.v4.config.StorageContainer', ['config']],
    ['prism.v4.0.error.ErrorResponse', 'prism.v4.error.ErrorResponse', ['error']],
  ])('%s -> $objectType %s', (key, wire, module) => {
    const parsed = parseSchemaKey(key)!;
    expect(wireObjectType(parsed)).toBe(wire);
    expect(parsed.module).toEqual(module);
  });

  it('makes identifiers from any text', () => {
    expect(typeName('Virtual machines')).toBe('VirtualMachines');
    expect(typeName('class')).toBe('Class');
    expect(typeName('2fa settings')).toBe('_2faSettings');
    expect(typeName('Object')).toBe('Object_');
    expect(memberName('list-vms')).toBe('listVms');
    expect(memberName('delete')).toBe('delete_');
    expect(enumKey('$UNKNOWN')).toBe('$UNKNOWN');
    expect(enumKey('urn:ietf:params:scim')).toBe('urn_ietf_params_scim');
    expect(enumKey('2xl')).toBe('_2xl');
    expect(enumKey('__proto__')).not.toBe('__proto__');
    expect(enumKey('__proto__')).toMatch(/^[A-Za-z_$][\w$]*$/);
  });
});

function find(version: Version, path: string, name: string) {
  return version.modules.find((m) => m.path.join('/') === path)?.decls.find((d) => d.name === name);
}

describe('vmm v4.0 IR', () => {
  it('places models by module: own namespace under models/, others under shared/', async () => {
    const [v] = (await packageIr('vmm')).versions;
    const vm = find(v!, 'models/ahv/config', 'Vm') as ModelDecl;
    expect(vm.kind).toBe('model');
    expect(vm.objectType).toBe('vmm.v4.ahv.config.Vm');
    expect(find(v!, 'models/esxi/config', 'Vm')).toBeDefined();
    expect(find(v!, 'shared/common/config', 'Flag')).toBeDefined();
    expect(find(v!, 'shared/prism/config', 'TaskReference')).toBeDefined();
    // readOnly fields are optional to create; required ones are required.
    const extId = vm.fields.find((f) => f.wireName === 'extId')!;
    expect(extId.readOnly).toBe(true);
    const revert = find(v!, 'models/ahv/config', 'RevertParams') as ModelDecl;
    expect(revert.fields.find((f) => f.wireName === 'vmRecoveryPointExtId')!.required).toBe(true);
    // Every Nutanix model carries $reserved and $unknownFields.
    expect(vm.fields.slice(0, 2).map((f) => f.wireName)).toEqual(['$reserved', '$unknownFields']);
  });

  it('gives each tag an API class; repeated operation ids stay unique per class', async () => {
    const [v] = (await packageIr('vmm')).versions;
    const vmApi = v!.apis.find((a) => a.name === 'VmApi')!;
    const esxi = v!.apis.find((a) => a.name === 'EsxiVmApi')!;
    for (const api of v!.apis) {
      const names = api.operations.flatMap((o) => [o.methodName, ...(o.paging ? [o.paging.methodName] : [])]);
      expect(new Set(names).size, api.name).toBe(names.length);
    }
    const ids = v!.apis.flatMap((a) => a.operations.map((o) => o.operationId));
    const repeated = [...new Set(ids.filter((id, i) => ids.indexOf(id) !== i))];
    expect(repeated.length).toBe(15);
    expect(vmApi.operations.find((o) => o.operationId === 'listVms')!.methodName).toBe('listVms');
    expect(esxi.operations.find((o) => o.operationId === 'listVms')!.methodName).toBe('listVms');
  });

  it('reads envelopes, errors, paging and the runtime-filled headers of an operation', async () => {
    const [v] = (await packageIr('vmm')).versions;
    const ops = v!.apis.flatMap((a) => a.operations);
    const get = ops.find((o) => o.path === '/vmm/v4.0/ahv/config/vms/{extId}' && o.httpMethod === 'GET')!;
    const ok = get.responses.find((r) => r.status === '200')!;
    expect(ok.envelope).toBe(true);
    const refName = (t: TypeRef | undefined) => (t?.kind === 'ref' ? t.id : undefined);
    expect(refName(ok.dataType)).toBe('#/components/schemas/vmm.v4.0.ahv.config.Vm');
    expect(refName(ok.metadataType)).toBe('#/components/schemas/common.v1.0.response.ApiResponseMetadata');
    expect(refName(get.errorType)).toBe('#/components/schemas/vmm.v4.0.error.ErrorResponse');
    const list = ops.find((o) => o.path === '/vmm/v4.0/ahv/config/vms' && o.httpMethod === 'GET')!;
    expect(list.paging).toMatchObject({ methodName: 'listVmsAll', pageParam: '$page', limitParam: '$limit' });
    const update = ops.find((o) => o.path === '/vmm/v4.0/ahv/config/vms/{extId}' && o.httpMethod === 'PUT')!;
    expect(update.params.find((p) => p.role === 'ifMatch')).toMatchObject({ wireName: 'If-Match', required: false, propName: 'ifMatch' });
    expect(update.params.find((p) => p.role === 'requestId')).toMatchObject({ wireName: 'NTNX-Request-Id', required: false, propName: 'ntnxRequestId' });
    expect(update.responses.find((r) => r.success)!.status).toBe('202');
    const taskRef = update.responses.find((r) => r.success)!.dataType;
    expect(refName(taskRef)).toBe('#/components/schemas/prism.v4.0.config.TaskReference');
  });
});

describe('x-required-by-operation', () => {
  it('object-level lists reach the fields, and operations say by which names the lists refer to them', async () => {
    const sdk = await packageIr('vmm');
    const version = sdk.versions[0]!;
    const image = version.modules.flatMap((m) => m.decls).find((d) => d.schemaKey === 'vmm.v4.0.content.Image') as ModelDecl;
    expect(image.fields.find((f) => f.wireName === 'source')?.requiredByOperations).toEqual(['create']);
    const ops = version.apis.flatMap((a) => a.operations);
    const create = ops.find((o) => o.operationId === 'createImage')!;
    expect(create.requiredByNames).toEqual(['createImage', 'create']);
    expect(ops.find((o) => o.operationId === 'updateImageById')!.requiredByNames).toContain('update');
    expect(ops.find((o) => o.path.includes('/$actions/'))!.requiredByNames).not.toContain('create');
  });
});
