/**
 * What opt-in request validation costs: `VmApi.updateVmById` with a full VM body
 * (every property filled from the vmm schema, as bench/decode builds it), through
 * `ApiClient.request()` against a `fetch` that answers at once, with `validate`
 * off and on, alternating; and `validateRequest()` alone. Median of 7 runs.
 *
 *   node --import tsx bench/validate/run.ts [calls per run, default 2000]
 */
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { generate } from '../../generator/generate.ts';
import { VmListSynth } from '../decode/synth.ts';
import { ROOT, WORK } from '../lib/tools.ts';

const calls = Number(process.argv[2] ?? 2000);
const out = path.join(WORK, 'validate', 'vmm');
await generate({ specs: [path.join(ROOT, 'specs', 'vmm', 'v4.0.yaml')], out, format: false, docs: false });
const pkg = await import(pathToFileURL(path.join(out, 'src', 'index.ts')).href);
const v = pkg.v4_0;

const json = (new VmListSynth(path.join(ROOT, 'specs', 'vmm', 'v4.0.yaml')).listVmsBody(1).data as unknown[])[0];
const vm = v.models.ahv.config.Vm.fromJSON(json);
const extId = '3f2b6c1e-9a4d-4e7f-8b1c-2d3e4f5a6b7c';
const answer = () => new Response('{"data":{"$objectType":"prism.v4.config.TaskReference","extId":"t"}}', { status: 202, headers: { 'content-type': 'application/json' } });
const client = new pkg.ApiClient({ baseUrl: 'http://127.0.0.1:9/api', apiKey: 'k', retry: false, fetch: async () => answer(), validation: v.validation });
const vms = new v.VmApi(client);

async function timeCalls(validate: boolean): Promise<number> {
  const started = performance.now();
  for (let i = 0; i < calls; i++) await vms.updateVmById({ extId, body: vm, ifMatch: 'e' }, { validate });
  return ((performance.now() - started) * 1000) / calls;
}

function timeValidator(): number {
  const rule = v.validation.operations['PUT /vmm/v4.0/ahv/config/vms/{extId}'];
  const body = vm.toJSON();
  const started = performance.now();
  for (let i = 0; i < calls; i++) {
    const violations = pkg.validateRequest(rule, v.validation, { params: { 'path.extId': extId }, body });
    if (violations.length) throw new Error(JSON.stringify(violations));
  }
  return ((performance.now() - started) * 1000) / calls;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const off: number[] = [];
const on: number[] = [];
const alone: number[] = [];
await timeCalls(false); // warm-up
await timeCalls(true);
for (let run = 0; run < 7; run++) {
  if (run % 2) {
    on.push(await timeCalls(true));
    off.push(await timeCalls(false));
  } else {
    off.push(await timeCalls(false));
    on.push(await timeCalls(true));
  }
  alone.push(timeValidator());
}
const bodyBytes = JSON.stringify(vm.toJSON()).length;
console.log(
  JSON.stringify({
    calls,
    bodyBytes,
    callOffMicros: median(off),
    callOnMicros: median(on),
    validateMicros: median(alone),
    node: process.version,
  }),
);
