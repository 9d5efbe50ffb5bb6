/**
 * Operation names for the legacy Nutanix documents, which have no operation
 * ids: made from the method and the path, the same for every release.
 */
import { describe, expect, it } from 'vitest';
import type { OpenApiDocument, OperationObject } from '../../generator/load/openapi.js';
import { legacyFlavor, legacyOperationName, legacyPathPrefix, singularWord } from '../../generator/ir/v3.js';

const PATHS = new Set(['/vms', '/vms/{uuid}', '/vms/list', '/vms/{uuid}/clone', '/clusters/{uuid}/certificates/ca_certs', '/clusters/{uuid}/certificates/ca_certs/{ca_name}', '/vpn_connections/{uuid}/vendor_config', '/vpn_connections/{uuid}/vendor_config/{name}', '/groups', '/action_rules/validate', '/ovas/capabilities', '/ovas/{uuid}/chunks']);

const name = (method: string, path: string, op: OperationObject = {}) => legacyOperationName(method, path, op, PATHS);

describe('legacy operation names', () => {
  it.each([
    ['post', '/vms/list', {}, 'listVms'],
    ['post', '/vms', { 'x-ntnx-operations': ['create'] }, 'createVm'],
    ['post', '/vms', {}, 'createVm'],
    ['get', '/vms/{uuid}', {}, 'getVm'],
    ['put', '/vms/{uuid}', {}, 'updateVm'],
    ['delete', '/vms/{uuid}', {}, 'deleteVm'],
    ['post', '/vms/{uuid}/clone', { 'x-ntnx-operations': ['clone'] }, 'cloneVm'],
    ['post', '/clusters/{uuid}/certificates/ca_certs', {}, 'createClusterCertificatesCaCert'],
    ['get', '/vpn_connections/{uuid}/vendor_config', {}, 'getVpnConnectionVendorConfig'],
    ['get', '/vpn_connections/{uuid}/vendor_config/{name}', {}, 'getVpnConnectionVendorConfigByName'],
    ['post', '/groups', {}, 'postGroups'],
    ['post', '/action_rules/validate', {}, 'validateActionRules'],
    ['options', '/ovas/capabilities', {}, 'optionsOvasCapabilities'],
    ['head', '/ovas/{uuid}/chunks', {}, 'headOvaChunks'],
  ] as const)('%s %s -> %s', (method, path, op, expected) => {
    expect(name(method, path, op as OperationObject)).toBe(expected);
  });

  it('plurals', () => {
    expect(['vms', 'policies', 'addresses', 'status', 'ngt', 'ips', 'switches'].map(singularWord)).toEqual(['vm', 'policy', 'address', 'status', 'ngt', 'ip', 'switch']);
  });

  it('which documents are legacy Nutanix ones, and where their paths go under /api', () => {
    const doc = (url: string) => ({ openapi: '3.0.3', info: {}, paths: {}, servers: [{ url }] }) as OpenApiDocument;
    expect(legacyFlavor(doc('/api/nutanix/v3'))).toBe('v3');
    expect(legacyFlavor(doc('https://pc:9440/api/nutanix/v2.0'))).toBe('v2');
    expect(legacyFlavor(doc('/PrismGateway/services/rest/v2.0'))).toBe('v2');
    expect(legacyFlavor(doc('https://example.com/api'))).toBeUndefined();
    expect(legacyPathPrefix(doc('/api/nutanix/v3'))).toBe('/nutanix/v3');
    expect(legacyPathPrefix(doc('/PrismGateway/services/rest/v2.0'))).toBe('/nutanix/v2.0');
  });
});
