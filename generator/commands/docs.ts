/**
 * `ntnx-sdkgen docs`: the API reference site of one package or of every
 * package, written to `<package>/docs/` (see generator/docs/). `generate-all`
 * writes the same site as part of each package.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseCommand, requireFolder, UsageError } from './args.js';
import { addCodeSamples, buildDocsSite, packageSamples, sampleKey } from '../docs/index.js';
import { emitPackage } from '../emit/package.js';
import { buildPackageIr, discoverSpecs, GENERATOR_VERSION } from '../generate.js';
import type { Sdk } from '../ir/model.js';
import { formatDiagnostic } from '../load/diagnostics.js';
import { Templates } from '../templates.js';
import { writePackage } from '../write.js';

export const DOCS_USAGE = `Usage:
  ntnx-sdkgen docs --spec <file|url> [--spec ...] --out <package dir> [options]
  ntnx-sdkgen docs [--specs <dir>] [--out <dir>] [options]     (every v4 namespace: <out>/<namespace>/docs)

Writes the API reference site of a package into <package dir>/docs/: a page per
operation (with a TypeScript sample) and per model, search, and a "try it" panel.

Options:
  --name <package>       npm package name (default: @ntnx-sdk/<namespace>)
  --scope <scope>        npm scope (default: @ntnx-sdk)
  --namespace <name>     namespace when it cannot be read from the document
  --templates <dir>      a folder whose docs/ templates override the built-in ones by file name
  --annotated-spec       also write each document with our TypeScript samples in x-code-samples
                         (docs/openapi/<file>), linked from the site
  --no-client            leave out the browser build of the client (no "try it")
  --quiet                print errors only`;

export interface DocsJob {
  readonly specs: readonly string[];
  /** The package folder; the site goes to `<out>/docs`. */
  readonly out: string;
  readonly namespace?: string;
  readonly packageName?: string;
  readonly scope?: string;
  readonly templates?: string;
  readonly annotatedSpec?: boolean;
  readonly client?: boolean;
  readonly log?: (line: string) => void;
}

/** The documents with our samples added, by site-relative path. */
function annotatedDocuments(sdk: Sdk): Map<string, { version: string; text: string; added: number }> {
  const samples = packageSamples(sdk);
  const out = new Map<string, { version: string; text: string; added: number }>();
  for (const version of sdk.versions) {
    if (/^https?:/.test(version.sourceFile)) continue;
    const source = readFileSync(version.sourceFile, 'utf8');
    const format = /\.json$/i.test(version.sourceFile) ? 'json' : 'yaml';
    const entries = version.apis.flatMap((api) => api.operations.map((op) => ({ pointer: op.pointer, source: samples.get(sampleKey(version, api, op))!.code })));
    const result = addCodeSamples(source, format, entries);
    out.set(`openapi/${path.basename(version.sourceFile)}`, { version: version.label, text: result.text, added: result.added });
  }
  return out;
}

/** Builds and writes the site of one package. */
export async function writeDocs(job: DocsJob): Promise<{ sdk: Sdk; files: number }> {
  const { sdk, warnings } = await buildPackageIr({
    specs: job.specs,
    ...(job.namespace ? { namespace: job.namespace } : {}),
    ...(job.packageName ? { packageName: job.packageName } : {}),
    ...(job.scope ? { scope: job.scope } : {}),
  });
  for (const w of warnings) job.log?.(formatDiagnostic(w));
  // The browser client is bundled from the package as it would be generated (in memory, not formatted).
  const packageFiles = job.client === false ? undefined : emitPackage(sdk, { templates: new Templates(job.templates), generatorVersion: GENERATOR_VERSION });
  const documents = job.annotatedSpec ? annotatedDocuments(sdk) : undefined;
  const site = await buildDocsSite(sdk, {
    generatorVersion: GENERATOR_VERSION,
    ...(packageFiles ? { packageFiles } : {}),
    ...(job.templates ? { templates: job.templates } : {}),
    ...(documents ? { documents: new Map([...documents].map(([file, d]) => [d.version, file])) } : {}),
    ...(job.log ? { log: job.log } : {}),
  });
  for (const [file, d] of documents ?? []) site.set(file, d.text);
  writePackage(path.join(job.out, 'docs'), site);
  return { sdk, files: site.size };
}

export async function docsCommand(argv: string[]): Promise<number> {
  const { values } = parseCommand(
    'docs',
    DOCS_USAGE,
    argv,
    {
      spec: { type: 'string', multiple: true },
      specs: { type: 'string' },
      out: { type: 'string' },
      name: { type: 'string' },
      scope: { type: 'string' },
      namespace: { type: 'string' },
      templates: { type: 'string' },
      'annotated-spec': { type: 'boolean' },
      'no-client': { type: 'boolean' },
      quiet: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
    false,
  );
  if (values.help) {
    console.log(DOCS_USAGE);
    return 0;
  }
  const log = values.quiet ? () => {} : (line: string) => console.error(line);
  const common = {
    ...(values.templates ? { templates: values.templates } : {}),
    ...(values.scope ? { scope: values.scope } : {}),
    ...(values['annotated-spec'] ? { annotatedSpec: true } : {}),
    ...(values['no-client'] ? { client: false } : {}),
    log,
  };
  const started = performance.now();
  const seconds = () => `${((performance.now() - started) / 1000).toFixed(2)} s`;

  if (values.spec?.length) {
    if (!values.out) throw new UsageError('ntnx-sdkgen docs: --spec needs --out (the package folder)', DOCS_USAGE);
    const { sdk, files } = await writeDocs({
      ...common,
      specs: values.spec,
      out: values.out,
      ...(values.namespace ? { namespace: values.namespace } : {}),
      ...(values.name ? { packageName: values.name } : {}),
    });
    log(`${sdk.packageName}: wrote ${files} files to ${path.join(values.out, 'docs')} in ${seconds()}`);
    return 0;
  }

  const outDir = values.out ?? 'output';
  // As generate-all: the v4 namespaces (the legacy v3 API is generated on its own).
  const namespaces = discoverSpecs(requireFolder(values.specs ?? 'specs', 'specs')).filter((n) => n.namespace !== 'v3');
  for (const { namespace, specs } of namespaces) {
    const { sdk, files } = await writeDocs({ ...common, specs, namespace, out: path.join(outDir, namespace) });
    log(`${sdk.packageName}: wrote ${files} files to ${path.join(outDir, namespace, 'docs')}`);
  }
  log(`wrote the sites of ${namespaces.length} packages in ${seconds()}`);
  return 0;
}
