/**
 * Operations shaped like the generated ones (see runtime/operation.ts), with
 * tiny hand-written models, so runtime tests exercise the real contract.
 */
import type { ApiClient, ApiResponse, HeaderValue, RequestOptions } from '../../runtime/index.js';

export class Vm {
  extId?: string;
  name?: string;
  static fromJSON(json: unknown): Vm {
    return Object.assign(new Vm(), json as object);
  }
  toJSON(): Record<string, unknown> {
    return Object.fromEntries(Object.entries(this));
  }
}

export class TaskReference {
  $objectType = 'prism.v4.config.TaskReference';
  extId?: string;
  static fromJSON(json: unknown): TaskReference {
    return Object.assign(new TaskReference(), json as object);
  }
}

export interface Metadata {
  totalAvailableResults?: number;
  links?: Array<{ href: string; rel: string }>;
}

export const VMS = '/vmm/v4.0/ahv/config/vms';

export class VmApi {
  constructor(private readonly client: ApiClient) {}

  getVmById(params: { extId: string }, options?: RequestOptions): Promise<ApiResponse<Vm, Metadata>> {
    return this.client.request(
      {
        operationId: 'getVmById',
        method: 'GET',
        path: `${VMS}/{extId}`,
        pathParams: { extId: params.extId },
        accept: 'application/json',
        responses: { '200': { envelope: true, decode: (d) => Vm.fromJSON(d), decodeMetadata: (m) => m as Metadata } },
        decodeError: (d) => d,
      },
      options,
    );
  }

  listVms(params: { $page?: number; $limit?: number; $filter?: string; $select?: readonly string[] } = {}, options?: RequestOptions): Promise<ApiResponse<Vm[], Metadata>> {
    return this.client.request(
      {
        operationId: 'listVms',
        method: 'GET',
        path: VMS,
        query: { $page: params.$page, $limit: params.$limit, $filter: params.$filter, $select: params.$select },
        queryCsv: ['$select'],
        accept: 'application/json',
        responses: { '200': { envelope: true, decode: (d) => (d as unknown[]).map((x) => Vm.fromJSON(x)), decodeMetadata: (m) => m as Metadata } },
      },
      options,
    );
  }

  createVm(params: { body: Vm; ntnxRequestId?: string }, options?: RequestOptions): Promise<ApiResponse<TaskReference, Metadata>> {
    return this.client.request(
      {
        operationId: 'createVm',
        method: 'POST',
        path: VMS,
        headers: { 'NTNX-Request-Id': params.ntnxRequestId },
        body: params.body.toJSON(),
        contentType: 'application/json',
        accept: 'application/json',
        requestIdHeader: 'NTNX-Request-Id',
        responses: { '202': { envelope: true, decode: (d) => TaskReference.fromJSON(d) } },
      },
      options,
    );
  }

  /** A POST without a request-id header (retried only when the server surely did not process it). */
  rawPost(body: unknown, options?: RequestOptions): Promise<ApiResponse<unknown>> {
    return this.client.request({ operationId: 'rawPost', method: 'POST', path: '/misc/v4.0/things', body, responses: { '2XX': {} } }, options);
  }

  updateVmById(params: { extId: string; body: Vm; ifMatch?: HeaderValue }, options?: RequestOptions): Promise<ApiResponse<TaskReference, Metadata>> {
    return this.client.request(
      {
        operationId: 'updateVmById',
        method: 'PUT',
        path: `${VMS}/{extId}`,
        pathParams: { extId: params.extId },
        headers: { 'If-Match': params.ifMatch },
        body: params.body.toJSON(),
        etagSource: params.body,
        contentType: 'application/json',
        ifMatchHeader: 'If-Match',
        requestIdHeader: 'NTNX-Request-Id',
        responses: { '202': { envelope: true, decode: (d) => TaskReference.fromJSON(d) } },
        decodeError: (d) => d,
      },
      options,
    );
  }

  powerOnVm(params: { extId: string; ifMatch?: HeaderValue }, options?: RequestOptions): Promise<ApiResponse<TaskReference, Metadata>> {
    return this.client.request(
      {
        operationId: 'powerOnVm',
        method: 'POST',
        path: `${VMS}/{extId}/$actions/power-on`,
        pathParams: { extId: params.extId },
        headers: { 'If-Match': params.ifMatch },
        ifMatchHeader: 'If-Match',
        requestIdHeader: 'NTNX-Request-Id',
        responses: { '202': { envelope: true, decode: (d) => TaskReference.fromJSON(d) } },
      },
      options,
    );
  }
}

/** The Nutanix v4 envelope. */
export function envelope(data: unknown, metadata?: unknown): Record<string, unknown> {
  return { data, ...(metadata === undefined ? {} : { metadata }) };
}

/** Distinct values of a request header across recorded requests. */
export function distinct(requests: ReadonlyArray<{ headers: Record<string, string | string[] | undefined> }>, header: string): Set<string | string[] | undefined> {
  return new Set(requests.map((r) => r.headers[header.toLowerCase()]));
}
