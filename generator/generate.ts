/**
 * The pipeline, end to end: load -> IR -> emit -> format -> write.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { buildSdk, buildVersion, identify } from './ir/build.js';
import type { Sdk, Version } from './ir/model.js';
import { emitPackage, type FileMap } from './emit/package.js';
import { addReleaseFiles } from './diff/changelog.js';
import type { SdkDiff } from './diff/diff.js';
import { FormatCache, formatFiles } from './format.js';
import { loadDocument } from './load/load.js';
import type { Diagnostic } from './load/diagnostics.js';
import { Templates } from './templates.js';
import { writePackage } from './write.js';
import { PROJECT_ROOT } from './paths.js';

const PACKAGE_JSON = path.join(PROJECT_ROOT, 'package.json');
export const GENERATOR_VERSION: string = (JSON.parse(readFileSync(PACKAGE_JSON, 'utf8')) as { version: string }).version;

export interface GenerateOptions {
  /** One or more documents of the same namespace (file paths or URLs). */
  readonly specs: readonly string[];
  /** Output folder of the package. */
  readonly out: string;
  readonly packageName?: string;
  readonly packageVersion?: string;
  readonly scope?: string;
  readonly namespace?: string;
  readonly templates?: string;
  readonly strict?: boolean;
  /**
   * Run prettier over the output (default false). The emitters already lay code
   * out as formatted text; prettier is for teams that want its exact style, and
   * costs more than the rest of generation, so its results are cached.
   */
  readonly format?: boolean;
  /** Where prettier results are cached between runs (default: none). */
  readonly formatCache?: string;
  readonly license?: string;
  readonly repository?: string | { readonly type: string; readonly url: string; readonly directory?: string };
  /** Client settings the package's `createClient()` applies (configuration `runtime`). */
  readonly runtimeDefaults?: Readonly<Record<string, unknown>>;
  /** Also write the API reference site into `<out>/docs/` (see generator/docs/). */
  readonly docs?: boolean;
  /** Called with progress lines. */
  readonly log?: (line: string) => void;
  /** Write the CHANGELOG entry against this IR instead of the previous generation's snapshot. */
  readonly previous?: Sdk;
}

export interface GenerateResult {
  readonly sdk: Sdk;
  readonly files: FileMap;
  readonly warnings: readonly Diagnostic[];
  readonly timings: Readonly<Record<string, number>>;
  /** API changes since the previous generation (none on the first). */
  readonly changes?: SdkDiff;
}

/** Builds the IR of a package from its documents. */
export async function buildPackageIr(options: Pick<GenerateOptions, 'specs' | 'strict' | 'namespace' | 'packageName' | 'packageVersion' | 'scope'>, timings: Record<string, number> = {}): Promise<{ sdk: Sdk; warnings: Diagnostic[] }> {
  const versions: Version[] = [];
  const warnings: Diagnostic[] = [];
  let namespace = options.namespace;
  for (const spec of options.specs) {
    let t = performance.now();
    const loaded = await loadDocument(spec, { strict: options.strict ?? false });
    timings.load = (timings.load ?? 0) + performance.now() - t;
    t = performance.now();
    const id = identify(loaded, namespace ? { namespace } : {});
    namespace ??= id.namespace;
    const version = buildVersion(loaded, { namespace });
    if (versions.some((v) => v.label === version.label)) throw new Error(`two documents have the version ${version.label}: ${spec}`);
    versions.push(version);
    warnings.push(...loaded.diagnostics.items.filter((d) => d.severity === 'warning'));
    timings.ir = (timings.ir ?? 0) + performance.now() - t;
  }
  const sdk = buildSdk(namespace ?? 'api', versions, {
    generatorVersion: GENERATOR_VERSION,
    ...(options.packageName ? { packageName: options.packageName } : {}),
    ...(options.packageVersion ? { packageVersion: options.packageVersion } : {}),
    ...(options.scope ? { scope: options.scope } : {}),
  });
  return { sdk, warnings };
}

/** Generates one package into `options.out`. Nothing is written unless every step succeeded. */
export async function generate(options: GenerateOptions): Promise<GenerateResult> {
  const timings: Record<string, number> = {};
  const { sdk, warnings } = await buildPackageIr(options, timings);
  let t = performance.now();
  const templates = new Templates(options.templates);
  const files = emitPackage(sdk, {
    templates,
    generatorVersion: GENERATOR_VERSION,
    ...(options.license ? { license: options.license } : {}),
    ...(options.repository ? { repository: options.repository } : {}),
    ...(options.runtimeDefaults ? { runtimeDefaults: options.runtimeDefaults } : {}),
  });
  const changes = addReleaseFiles(sdk, options.out, files, { templates, ...(options.previous ? { previous: options.previous } : {}), ...(options.log ? { log: options.log } : {}) });
  timings.emit = performance.now() - t;
  options.log?.(`${sdk.packageName}: ${files.size} files from ${sdk.versions.map((v) => v.label).join(', ')}`);
  if (options.format === true) {
    t = performance.now();
    await formatFiles(files, options.formatCache ? { cache: new FormatCache(options.formatCache) } : {});
    timings.format = performance.now() - t;
  }
  if (options.docs) {
    // The API reference site (docs/), with the browser build of the package for "try it".
    t = performance.now();
    const { buildDocsSite } = await import('./docs/index.js');
    const site = await buildDocsSite(sdk, { generatorVersion: GENERATOR_VERSION, packageFiles: files, ...(options.templates ? { templates: options.templates } : {}), ...(options.log ? { log: options.log } : {}) });
    for (const [file, text] of site) files.set(`docs/${file}`, text);
    timings.docs = performance.now() - t;
  }
  t = performance.now();
  writePackage(options.out, files);
  timings.write = performance.now() - t;
  return { sdk, files, warnings, timings, ...(changes ? { changes } : {}) };
}

/** The documents of each namespace folder in `specsDir` (`specs/<namespace>/<version>.yaml`). */
export function discoverSpecs(specsDir: string): { namespace: string; specs: string[] }[] {
  return readdirSync(specsDir)
    .filter((name) => statSync(path.join(specsDir, name)).isDirectory())
    .sort()
    .map((namespace) => ({
      namespace,
      specs: readdirSync(path.join(specsDir, namespace))
        .filter((f) => /\.(ya?ml|json)$/.test(f))
        .sort()
        .map((f) => path.join(specsDir, namespace, f)),
    }))
    .filter((n) => n.specs.length > 0);
}
