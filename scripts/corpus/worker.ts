/**
 * A long-lived child of the corpus run: generates one document at a time when
 * asked, with our generator (`ours`) or with @hey-api/openapi-ts (`peer`), and
 * answers how it went. One process serves many documents (start-up is the
 * expensive part); the parent kills and replaces it when a document hangs or
 * takes the process down, and counts that document as a crash.
 */
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { generate } from '../../generator/generate.js';
import { formatDiagnostic, GeneratorError } from '../../generator/load/diagnostics.js';

export interface Job {
  readonly id: string;
  readonly spec: string;
  readonly out: string;
}

export interface JobResult {
  readonly id: string;
  /** `generated`: a package was written; `diagnostic`: refused with a clear message; `crash`: an unexpected exception. */
  readonly outcome: 'generated' | 'diagnostic' | 'crash';
  readonly message?: string;
  readonly ms: number;
  readonly operations?: number;
  readonly apiClasses?: number;
  readonly modelClasses?: number;
  readonly warnings?: number;
}

const mode = process.argv[2] === 'peer' ? 'peer' : 'ours';
const corpusDir = path.dirname(new URL(import.meta.url).pathname);

type HeyApi = { createClient(config: unknown): Promise<unknown> };
let heyApi: HeyApi | undefined;

async function runOurs(job: Job): Promise<JobResult> {
  const started = performance.now();
  try {
    const result = await generate({ specs: [job.spec], out: job.out, format: false, namespace: 'corpus', packageName: `corpus-${job.id}` });
    const version = result.sdk.versions[0]!;
    return {
      id: job.id,
      outcome: 'generated',
      ms: performance.now() - started,
      operations: version.apis.reduce((n, a) => n + a.operations.length, 0),
      apiClasses: version.apis.length,
      modelClasses: version.modules.reduce((n, m) => n + m.decls.filter((d) => d.kind === 'model').length, 0),
      warnings: result.warnings.length,
    };
  } catch (e) {
    const ms = performance.now() - started;
    if (e instanceof GeneratorError) return { id: job.id, outcome: 'diagnostic', message: e.diagnostics.map(formatDiagnostic)[0] ?? e.message, ms };
    const err = e as Error;
    return { id: job.id, outcome: 'crash', message: `${err?.name ?? 'Error'}: ${err?.message ?? String(e)} ${String(err?.stack ?? '').split('\n')[1]?.trim() ?? ''}`, ms };
  }
}

async function runPeer(job: Job): Promise<JobResult> {
  const started = performance.now();
  try {
    heyApi ??= (await import(pathToFileURL(path.join(corpusDir, 'node_modules', '@hey-api', 'openapi-ts', 'dist', 'index.mjs')).href)) as HeyApi;
    await heyApi.createClient({ input: job.spec, output: { path: job.out }, logs: { level: 'silent', file: false } });
    return { id: job.id, outcome: 'generated', ms: performance.now() - started };
  } catch (e) {
    const err = e as Error;
    return { id: job.id, outcome: 'crash', message: `${err?.name ?? 'Error'}: ${String(err?.message ?? e).split('\n')[0]}`, ms: performance.now() - started };
  }
}

process.on('message', (job: Job) => {
  void (mode === 'peer' ? runPeer(job) : runOurs(job)).then((result) => process.send!(result));
});
process.send!({ ready: true });
