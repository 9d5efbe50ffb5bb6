/**
 * The contract run as vitest suites: for each v4 document of `specs/`, Prism
 * serves it (see session.ts), the generated client calls every operation with
 * a valid minimal request, and the run fails with a readable list of every
 * operation Prism rejected (with its violations) or whose answer did not decode.
 *
 * Controls prove that the run can fail: against the same server, requests
 * spoiled on purpose in the ways the contract forbids must be rejected.
 *
 * The documents are split into shards by size, one test file per shard, so
 * that two servers run at a time on two cores.
 */
import { statSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Decl, Operation, TypeRef } from '../../generator/ir/model.js';
import { importPackage, packageIr, v4Namespaces } from '../support/packages.js';
import { recordedRow, row, saveSummary, summarize } from './report.js';
import { ContractSession, failures, operationsOf, rejected, relativeDocument, type CallOutcome, type Tamper } from './session.js';

interface DocumentEntry {
  readonly namespace: string;
  /** Repository-relative path. */
  readonly spec: string;
}

/** The v4 documents of one shard: largest first, each to the lighter shard. */
export function shardDocuments(shard: number, shards: number): DocumentEntry[] {
  const all = v4Namespaces()
    .flatMap(({ namespace, specs }) => specs.map((spec) => ({ namespace, spec: relativeDocument(spec), size: statSync(spec).size })))
    .sort((a, b) => b.size - a.size || a.spec.localeCompare(b.spec));
  const load = new Array<number>(shards).fill(0);
  const out: DocumentEntry[] = [];
  for (const doc of all) {
    const target = load.indexOf(Math.min(...load));
    load[target]! += doc.size;
    if (target === shard) out.push({ namespace: doc.namespace, spec: doc.spec });
  }
  return out;
}

interface Control {
  readonly name: string;
  readonly api: string;
  readonly op: Operation;
  readonly params: Record<string, unknown>;
  readonly tamper?: Tamper;
  /** Where Prism must find the fault: a prefix of the violation's location. */
  readonly location: string;
}

function unwrap(t: TypeRef): TypeRef {
  return t.kind === 'nullable' ? t.type : t;
}

/** Requests spoiled in one way each, built from operations of the document that allow it. */
function controls(session: ContractSession): Control[] {
  const ops = operationsOf(session.version);
  const decls = new Map<string, Decl>();
  for (const m of session.version.modules) for (const d of m.decls) decls.set(d.id, d);
  const bodyModel = (op: Operation): Extract<Decl, { kind: 'model' }> | undefined => {
    const t = op.body && op.body.kind === 'json' ? unwrap(op.body.type) : undefined;
    const d = t?.kind === 'ref' ? decls.get(t.id) : undefined;
    return d?.kind === 'model' ? d : undefined;
  };
  const built = (op: Operation): Record<string, unknown> => ({ ...session.builder.build(op).params });
  const bodyJson = (op: Operation): Record<string, unknown> => session.builder.value(op.body!.type, {}, {}, 'body', [], 0) as Record<string, unknown>;
  const out: Control[] = [];

  const withPattern = ops.find(({ op }) => op.params.some((p) => p.in === 'path' && p.constraints.pattern));
  if (withPattern) {
    const p = withPattern.op.params.find((q) => q.in === 'path' && q.constraints.pattern)!;
    out.push({ name: `path parameter ${p.wireName} outside its pattern`, ...withPattern, params: { ...built(withPattern.op), [p.propName]: 'not-an-id' }, location: 'request.path' });
  }

  const withRequired = ops.find(({ op }) => bodyModel(op)?.fields.some((f) => f.required && !f.readOnly && !f.wireName.startsWith('$')));
  if (withRequired) {
    const field = bodyModel(withRequired.op)!.fields.find((f) => f.required && !f.readOnly && !f.wireName.startsWith('$'))!;
    const { [field.wireName]: _dropped, ...body } = bodyJson(withRequired.op);
    // A plain object is sent as it is (encodeModel passes it through).
    out.push({ name: `body without its required field ${field.wireName}`, ...withRequired, params: { ...built(withRequired.op), [withRequired.op.body!.propName]: body }, location: 'request.body' });
  }

  const typed = ops.find(({ op }) => bodyModel(op)?.objectType && bodyModel(op)?.schemaKey);
  if (typed) {
    const body = { ...bodyJson(typed.op), $objectType: 'contract.v4.config.NotThisModel' };
    out.push({ name: 'body with a wrong $objectType', ...typed, params: { ...built(typed.op), [typed.op.body!.propName]: body }, location: 'request.body' });
  }

  const ifMatch = ops.find(({ op }) => op.httpMethod === 'PUT' && op.params.some((p) => p.role === 'ifMatch'));
  if (ifMatch) {
    const p = ifMatch.op.params.find((q) => q.role === 'ifMatch')!;
    const { [p.propName]: _dropped, ...params } = built(ifMatch.op);
    out.push({ name: 'update without If-Match', ...ifMatch, params, location: 'request.header' });
  }

  const requestId = ops.find(({ op }) => op.httpMethod === 'POST' && op.params.some((p) => p.role === 'requestId'));
  if (requestId) {
    const header = requestId.op.params.find((q) => q.role === 'requestId')!.wireName;
    out.push({ name: `create without ${header} (removed after the runtime set it)`, ...requestId, params: built(requestId.op), tamper: (ctx) => ctx.headers.delete(header), location: 'request.header' });
  }
  return out;
}

function describeControl(c: Control, o: CallOutcome): string {
  const where = o.requestViolations.map((v) => `${v.location.join('.')}: ${v.message}`).join('; ') || 'no violation';
  return `${c.name} (${o.api}.${o.method}) -> ${o.status ?? 'no response'}: ${where}`;
}

export function contractSuite(shard: number, shards: number): void {
  for (const { namespace, spec } of shardDocuments(shard, shards)) {
    describe(`contract: ${spec} served by Prism, called by the generated ${namespace} client`, () => {
      let session: ContractSession | undefined;
      let operations = 0;

      beforeAll(async () => {
        const [sdk, pkg] = await Promise.all([packageIr(namespace), importPackage(namespace)]);
        const version = sdk.versions.find((v) => relativeDocument(v.sourceFile) === spec);
        if (!version) throw new Error(`no version of ${namespace} was generated from ${spec}`);
        operations = operationsOf(version).length;
        session = await ContractSession.start(namespace, version, pkg);
      }, 300_000);

      afterAll(async () => {
        await session?.stop();
      });

      it('every operation, called with a valid minimal request: none rejected, every answer decoded', async () => {
        const run = await session!.runAll();
        const summary = summarize(run, operations);
        saveSummary(summary);
        expect(run.outcomes.length, 'operations exercised').toBe(operations);
        expect(operations, 'the document has operations').toBeGreaterThan(0);
        const problems = failures(run);
        expect(problems, `rejected or failed calls:\n${problems.join('\n')}\n\nprism log:\n${session!.recentLog()}`).toEqual([]);
        expect(recordedRow(spec), 'bench/CONTRACT.md records this run (update it with `npx tsx test/contract/report.ts`)').toBe(row(summary));
      }, 240_000);

      it('controls: requests spoiled on purpose are rejected, at the spoiled place', async () => {
        const list = controls(session!);
        expect(list.length, 'controls that apply to this document').toBeGreaterThanOrEqual(2);
        const missed: string[] = [];
        for (const c of list) {
          const o = await session!.call(c.api, c.op, c.params, [], c.tamper);
          const located = o.requestViolations.some((v) => v.location.join('.').startsWith(c.location));
          if (!rejected(o) || !located) missed.push(describeControl(c, o));
        }
        expect(missed, `controls Prism did not reject where expected:\n${missed.join('\n')}`).toEqual([]);
      }, 120_000);
    });
  }
}
