/**
 * One document of the contract run: Prism serves (a repaired copy of) the
 * document, and the generated client calls every operation of that version
 * with a valid minimal request. Each call's outcome is recorded: the status,
 * the violations Prism found in the request, and any failure to decode the
 * answer Prism made up from the document's examples.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Operation, Version } from '../../generator/ir/model.js';
import { ROOT } from '../support/packages.js';
import { prepareDocument, type PreparedDocument } from './document.js';
import { PrismServer, parseViolations, type Violation } from './prism.js';
import { RequestBuilder } from './requests.js';

export const WORK = path.join(ROOT, 'test', '.tmp', 'contract');

export interface CallOutcome {
  readonly api: string;
  readonly method: string;
  readonly operationId: string;
  /** `POST /vmm/v4.0/...`. */
  readonly http: string;
  /** HTTP status Prism answered with (undefined: no response). */
  readonly status?: number;
  /** The status is one the operation declares for a successful call (a 2xx, or a declared redirect). */
  readonly successStatus: boolean;
  /** Violations Prism reported about the request (location `request...`). */
  readonly requestViolations: readonly Violation[];
  /** Problems building a valid request from the IR (none expected). */
  readonly buildProblems: readonly string[];
  /** The call failed for another reason: a decoding error, a network error, an exception. */
  readonly error?: string;
}

export interface DocumentRun {
  readonly namespace: string;
  readonly version: string;
  /** Repository-relative path of the document, with `/`. */
  readonly document: string;
  readonly repairs: Omit<PreparedDocument, 'document'>;
  readonly outcomes: readonly CallOutcome[];
}

/** Statuses with which Prism answers a request it finds invalid. */
const REJECTED = new Set([400, 401, 403, 415, 422]);

/** Prism found the request invalid. */
export function rejected(o: CallOutcome): boolean {
  return o.requestViolations.some((v) => v.severity === 'Error') || (o.status !== undefined && REJECTED.has(o.status));
}

/** The call went through: a success status, no violation, the answer decoded, the request complete. */
export function passed(o: CallOutcome): boolean {
  return !rejected(o) && !o.error && o.successStatus && o.buildProblems.length === 0;
}

/** A 2xx, or a redirect the operation declares as its answer (image download: 302 with a Location). */
function isSuccessStatus(op: Operation, status: number): boolean {
  if (status >= 200 && status <= 299) return true;
  return status >= 300 && status <= 399 && op.responses.some((r) => r.redirectStatus === String(status) || r.redirectStatus?.toUpperCase() === '3XX');
}

/** The operations of a version, in API and method order. */
export function operationsOf(version: Version): { api: string; op: Operation }[] {
  return version.apis.flatMap((api) => api.operations.map((op) => ({ api: api.name, op })));
}

/** Repository-relative path with forward slashes. */
export function relativeDocument(file: string): string {
  return path.relative(ROOT, path.resolve(ROOT, file)).split(path.sep).join('/');
}

type ApiClass = new (client: unknown) => Record<string, (params: unknown, options?: unknown) => Promise<unknown>>;

/** Changes a request on its way out (controls only): headers may be removed or replaced. */
export type Tamper = (ctx: { headers: Headers }) => void;

export class ContractSession {
  private last: { status: number; violations: Violation[] } | undefined;
  private tamper: Tamper | undefined;
  private readonly client: unknown;
  readonly builder: RequestBuilder;

  private constructor(
    readonly namespace: string,
    readonly version: Version,
    private readonly pkg: Record<string, unknown>,
    private readonly prism: PrismServer,
    readonly repairs: Omit<PreparedDocument, 'document'>,
    document: Record<string, unknown>,
  ) {
    const ApiClient = pkg.ApiClient as new (config: Record<string, unknown>) => unknown;
    this.client = new ApiClient({
      // Prism routes on the document's paths (`/vmm/v4.0/...`); the server URL's `/api` base path is not part of its routes.
      baseUrl: prism.origin,
      username: 'admin',
      password: 'contract-secret',
      retry: false,
      timeoutMs: 60_000,
      // Each request is judged by Prism on its own: a redirect the document declares (a download's 302) is not followed.
      followRedirects: false,
      fetch: (input: RequestInfo | URL, init?: RequestInit) => fetch(input, { ...init, redirect: 'manual' }),
      interceptors: [
        {
          onRequest: (ctx: { headers: Headers }) => this.tamper?.(ctx),
          onResponse: (ctx: { response: Response; status: number }) => {
            this.last = { status: ctx.status, violations: parseViolations(ctx.response.headers.get('sl-violations')) };
          },
        },
      ],
    });
    this.builder = new RequestBuilder(version, pkg, document);
  }

  /**
   * Serves the document's repaired copy (see document.ts) with Prism.
   * `repair: false` serves the document as it is, to measure what the repairs change.
   */
  static async start(namespace: string, version: Version, pkg: Record<string, unknown>, options: { repair?: boolean } = {}): Promise<ContractSession> {
    const prepared = prepareDocument(version.sourceFile, { repair: options.repair ?? true });
    const { document, ...repairs } = prepared;
    mkdirSync(WORK, { recursive: true });
    const served = path.join(WORK, `${namespace}-${version.label}${options.repair === false ? '.as-is' : ''}.json`);
    writeFileSync(served, JSON.stringify(document));
    const prism = await PrismServer.start(served);
    return new ContractSession(namespace, version, pkg, prism, repairs, document);
  }

  get document(): string {
    return relativeDocument(this.version.sourceFile);
  }

  /** Calls one operation through its generated API class and records the outcome. */
  async call(api: string, op: Operation, params: Record<string, unknown>, buildProblems: readonly string[] = [], tamper?: Tamper): Promise<CallOutcome> {
    this.last = undefined;
    this.tamper = tamper;
    let error: string | undefined;
    try {
      const Api = (this.pkg[this.version.exportName] as Record<string, ApiClass | undefined>)[api];
      if (!Api) throw new Error(`${api} is not exported from ${this.version.exportName}`);
      const instance = new Api(this.client);
      if (typeof instance[op.methodName] !== 'function') throw new Error(`${api}.${op.methodName} is not a method`);
      await instance[op.methodName]!(params);
    } catch (err) {
      // An ApiError for the status Prism answered with is recorded through `last`; anything else is a failure of its own.
      const e = err as Error & { status?: unknown };
      const answered = this.lastResponse();
      if (!(e.name === 'ApiError' && answered && e.status === answered.status)) error = `${e.name}: ${e.message}`;
    } finally {
      this.tamper = undefined;
    }
    const last = this.lastResponse();
    const status = last?.status;
    const successStatus = status !== undefined && isSuccessStatus(op, status);
    return {
      api,
      method: op.methodName,
      operationId: op.operationId,
      http: `${op.httpMethod} ${op.path}`,
      status,
      successStatus,
      requestViolations: (last?.violations ?? []).filter((v) => v.location[0] === 'request'),
      buildProblems,
      // A declared redirect ends in an ApiError (the runtime follows none itself); the answer is still the right one.
      error: successStatus && status! >= 300 ? undefined : error,
    };
  }

  /** Every operation of the version, once, with a valid minimal request. */
  async runAll(): Promise<DocumentRun> {
    const outcomes: CallOutcome[] = [];
    for (const { api, op } of operationsOf(this.version)) {
      const { params, problems } = this.builder.build(op);
      outcomes.push(await this.call(api, op, params, problems));
    }
    return { namespace: this.namespace, version: this.version.label, document: this.document, repairs: this.repairs, outcomes };
  }

  /** What the interceptor saw of the last answer (set during a call, hence the method: no narrowing). */
  private lastResponse(): { status: number; violations: Violation[] } | undefined {
    return this.last;
  }

  /** The last lines Prism logged, for failure messages. */
  recentLog(): string {
    return this.prism.recentLog();
  }

  stop(): Promise<void> {
    return this.prism.stop();
  }
}

/** A readable list of what went wrong in a run (empty when nothing did). */
export function failures(run: DocumentRun): string[] {
  const lines: string[] = [];
  for (const o of run.outcomes) {
    const head = `${run.document} ${o.api}.${o.method} (${o.http}) -> ${o.status ?? 'no response'}`;
    if (rejected(o)) {
      lines.push(`${head}: rejected by Prism`);
      for (const v of o.requestViolations) lines.push(`    ${v.location.join('.')}: ${v.message}`);
    } else if (o.error) {
      lines.push(`${head}: ${o.error}`);
    } else if (!o.successStatus) {
      lines.push(`${head}: expected an answer the document declares for success`);
    }
    for (const p of o.buildProblems) lines.push(`${head}: could not build a valid request: ${p}`);
  }
  return lines;
}
