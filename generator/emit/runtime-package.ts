/**
 * The runtime package of a family (`@ntnx-sdk/runtime`): the hand-written
 * `runtime/` sources, packaged like a generated package. Every namespace package
 * of the family depends on it, so one `ApiClient`, one session and one error
 * hierarchy serve them all.
 */
import type { Templates } from '../templates.js';
import { addPackagingFiles, exportEntry, runtimeFiles, typesVersionsOf, type FileMap } from './package.js';

export interface RuntimePackageOptions {
  readonly packageName: string;
  readonly packageVersion: string;
  readonly templates: Templates;
  readonly generatorVersion: string;
  readonly license?: string;
  readonly repository?: string | { readonly type: string; readonly url: string; readonly directory?: string };
}

const entry = exportEntry;

export function emitRuntimePackage(options: RuntimePackageOptions): FileMap {
  const files: FileMap = new Map();
  const banner = options.templates.render('partials/banner.hbs', { generatorVersion: options.generatorVersion, source: 'the ntnx-sdkgen runtime' });
  const sources = runtimeFiles();
  for (const [name, text] of sources) files.set(`src/${name}`, banner + text);
  const nodeRuntime = sources.some(([name]) => name === 'node.ts');
  const exportsMap: Record<string, unknown> = { '.': entry('index') };
  if (nodeRuntime) exportsMap['./node'] = entry('node');
  exportsMap['./package.json'] = './package.json';
  const data = {
    packageName: options.packageName,
    packageVersion: options.packageVersion,
    namespace: 'runtime',
    title: 'Client runtime of the Nutanix SDKs',
    description: 'The client runtime of the generated Nutanix SDKs: one ApiClient, auth, request ids, ETags, retries, paging, tasks and typed errors for every namespace package.',
    license: options.license ?? 'Apache-2.0',
    repository: options.repository,
    generatorVersion: options.generatorVersion,
    generatorInfo: { generator: options.generatorVersion },
    nodeRuntime,
    nodeEntry: 'src/node.ts',
    bundledRuntime: true,
    exportsMap,
    typesVersions: typesVersionsOf(exportsMap),
    versions: [],
  };
  addPackagingFiles(files, options.templates, data, 'README.runtime.md.hbs');
  return files;
}
