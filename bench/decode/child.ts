/**
 * Child process of the decode section (run with `--expose-gc`): decodes the same
 * `listVms` response body into models with our generated package and with the
 * official `@nutanix-api/vmm-js-client`, alternating, and prints the figures as JSON.
 *
 *   node --expose-gc --import tsx bench/decode/child.ts <generated vmm package> <count> <reps>
 *
 * Ours goes through the operation's own response spec (what `ApiClient` applies to
 * the `data` and `metadata` members of the envelope); the official SDK through
 * `ApiClient.convertToType(body, ListVmsResponse)`, which is what its `callApi`
 * does with the body superagent parsed. JSON parsing is the same for both and is
 * timed on its own.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { VmListSynth } from './synth.ts';
import { BENCH_DIR, ROOT, WORK } from '../lib/tools.ts';

const [pkgDir, countArg, repsArg] = process.argv.slice(2);
if (!pkgDir || !countArg || !repsArg) throw new Error('usage: child <package> <count> <reps>');
const count = Number(countArg);
const reps = Number(repsArg);
const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with --expose-gc');

// --- the input ------------------------------------------------------------------
// Built once per count and kept in bench/.work (it is deterministic).
const synthStarted = performance.now();
const bodyFile = path.join(WORK, 'decode', `listVms-${count}.json`);
let text: string;
if (existsSync(bodyFile)) {
  text = readFileSync(bodyFile, 'utf8');
} else {
  text = JSON.stringify(new VmListSynth(path.join(ROOT, 'specs', 'vmm', 'v4.0.yaml')).listVmsBody(count));
  mkdirSync(path.dirname(bodyFile), { recursive: true });
  writeFileSync(bodyFile, text);
}
const synthMs = performance.now() - synthStarted;

// --- ours: the response spec of VmApi.listVms --------------------------------------
type Spec = { decode: (json: unknown) => unknown; decodeMetadata: (json: unknown) => unknown };
const v4 = (await import(pathToFileURL(path.join(pkgDir, 'src', 'v4.0', 'index.ts')).href)) as Record<string, any>;
let captured: { responses: Record<string, Spec> } | undefined;
const recorder = {
  request(req: { responses: Record<string, Spec> }) {
    captured = req;
    return Promise.resolve({});
  },
};
await new v4.VmApi(recorder).listVms({});
const spec = captured!.responses['200']!;
const ours = (json: Record<string, unknown>) => ({ data: spec.decode(json['data']), metadata: spec.decodeMetadata(json['metadata']) });

// --- the official SDK ----------------------------------------------------------------
const requireBench = createRequire(path.join(BENCH_DIR, 'package.json'));
const official = requireBench('@nutanix-api/vmm-js-client') as Record<string, any>;
const OfficialApiClient = official.ApiClient;
const ListVmsResponse = official.AhvConfigListVmsResponse;
const theirs = (json: Record<string, unknown>) => OfficialApiClient.convertToType(json, ListVmsResponse);

// --- what came out: the same shape, as model instances ---------------------------------
function check(): Record<string, unknown> {
  const json = JSON.parse(text) as Record<string, unknown>;
  const a = ours(json) as { data: any[] };
  const b = theirs(JSON.parse(text)) as { data?: any[]; getData?: () => any[] };
  const bData = (b.getData ? b.getData() : b.data) ?? [];
  const vmA = a.data[0];
  const vmB = bData[0];
  return {
    ours: {
      vms: a.data.length,
      vm: vmA?.constructor?.name,
      disk: vmA?.disks?.[0]?.constructor?.name,
      diskBacking: vmA?.disks?.[0]?.backingInfo?.constructor?.name,
      nic: vmA?.nics?.[0]?.constructor?.name,
      bootConfig: vmA?.bootConfig?.constructor?.name,
      source: vmA?.source?.constructor?.name,
    },
    official: {
      vms: bData.length,
      vm: vmB?.constructor?.name,
      disk: (vmB?.getDisks?.() ?? vmB?.disks)?.[0]?.constructor?.name,
      diskBacking: (vmB?.getDisks?.() ?? vmB?.disks)?.[0]?.getBackingInfo?.()?.constructor?.name,
      nic: (vmB?.getNics?.() ?? vmB?.nics)?.[0]?.constructor?.name,
      bootConfig: (vmB?.getBootConfig?.() ?? vmB?.bootConfig)?.constructor?.name,
      source: (vmB?.getSource?.() ?? vmB?.source)?.constructor?.name,
    },
  };
}
const shapes = check();

// --- timing: alternating, each decode from a fresh parse, GC in between -----------------
function timeOnce(decode: (json: Record<string, unknown>) => unknown): { decodeMs: number; parseMs: number; retainedMb: number } {
  gc!();
  const t0 = performance.now();
  const json = JSON.parse(text) as Record<string, unknown>;
  const t1 = performance.now();
  gc!();
  const before = process.memoryUsage().heapUsed;
  const t2 = performance.now();
  const result = decode(json);
  const t3 = performance.now();
  gc!();
  // Heap held by the decoded models on top of the parsed JSON (both still alive here).
  const retainedMb = (process.memoryUsage().heapUsed - before) / 1024 / 1024;
  if (!result) throw new Error('nothing decoded');
  return { decodeMs: t3 - t2, parseMs: t1 - t0, retainedMb };
}

const runs: Record<'ours' | 'official', { decodeMs: number[]; parseMs: number[]; retainedMb: number[] }> = {
  ours: { decodeMs: [], parseMs: [], retainedMb: [] },
  official: { decodeMs: [], parseMs: [], retainedMb: [] },
};
// One warm-up each, so that both are measured with optimised code.
timeOnce(ours);
timeOnce(theirs);
for (let i = 0; i < reps; i++) {
  const order: ('ours' | 'official')[] = i % 2 === 0 ? ['ours', 'official'] : ['official', 'ours'];
  for (const who of order) {
    const r = timeOnce(who === 'ours' ? ours : theirs);
    runs[who].decodeMs.push(r.decodeMs);
    runs[who].parseMs.push(r.parseMs);
    runs[who].retainedMb.push(r.retainedMb);
  }
}
process.stdout.write(`${JSON.stringify({ count, bodyBytes: Buffer.byteLength(text), synthMs, shapes, runs })}\n`);
