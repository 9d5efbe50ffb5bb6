/**
 * The shared-models package of a family (`@ntnx-sdk/shared`): every model that
 * namespaces embed from another namespace (see generator/family.ts), one class
 * each, under `<namespace>/<version>/<module>`. Namespace packages re-export these
 * classes from their own modules, so `instanceof` holds across packages.
 */
import type { SharedModels } from '../family.js';
import type { Templates } from '../templates.js';
import { addPackagingFiles, emitModules, exportEntry, namespaceName, typesVersionsOf, type FileMap } from './package.js';

export interface SharedPackageOptions {
  readonly runtime: { readonly packageName: string; readonly range: string };
  readonly templates: Templates;
  readonly generatorVersion: string;
  readonly license?: string;
  readonly repository?: string | { readonly type: string; readonly url: string; readonly directory?: string };
}

const entry = exportEntry;

export function emitSharedPackage(shared: SharedModels, options: SharedPackageOptions): FileMap {
  const files: FileMap = new Map();
  const version = shared.sdk.versions[0]!;
  const banner = options.templates.render('partials/banner.hbs', {
    generatorVersion: options.generatorVersion,
    generatorInfo: { generator: options.generatorVersion },
    source: 'the models several namespaces share',
  });
  emitModules(version, { root: 'src', banner, templates: options.templates, files, tops: [], runtimePath: 'runtime/index' });
  files.set('src/runtime/index.ts', `${banner}export * from '${options.runtime.packageName}';\n`);

  const tops = [...new Set(version.modules.map((m) => m.path[0]!))].sort();
  const root = tops.map((t) => `export * as ${namespaceName(t)} from './${t}/index.js';`);
  if (shared.task) {
    const { ref } = shared.task;
    files.set(
      'src/tasks.ts',
      [
        banner.trimEnd(),
        `import { waitForTask as pollTask, type ApiClient, type TaskRef, type WaitForTaskOptions } from './runtime/index.js';`,
        `import { ${ref.name}, type ${ref.name}Json } from './${ref.module}/index.js';`,
        ``,
        `/**`,
        ` * Polls a task until it ends, like the runtime's \`waitForTask\`, and resolves with the`,
        ` * ${ref.module.replace(/\//g, '.')}.${ref.name} model: typed status, entities affected, completion details`,
        ` * and error messages. Rejects with \`TaskFailedError\` when the task fails or is cancelled.`,
        ` * \`createdEntityId(task, Vm)\` gives the extId of the entity the task created.`,
        ` */`,
        `export function waitForTask(client: ApiClient, ref: TaskRef, options: WaitForTaskOptions = {}): Promise<${ref.name}> {`,
        `  return pollTask(client, ref, { ...options, decode: (json: unknown) => ${ref.name}.fromJSON(json as ${ref.name}Json) });`,
        `}`,
        ``,
      ].join('\n'),
    );
    root.push(`export { waitForTask } from './tasks.js';`);
  }
  files.set('src/index.ts', banner + root.join('\n') + '\n');

  // The root and every module (a file each), which the namespace packages re-export.
  const exportsMap: Record<string, unknown> = { '.': entry('index') };
  for (const m of version.modules) exportsMap[`./${m.path.join('/')}`] = entry(`${m.path.join('/')}/index`);
  exportsMap['./package.json'] = './package.json';
  const data = {
    packageName: shared.packageName,
    packageVersion: shared.packageVersion,
    namespace: 'shared',
    title: shared.sdk.title,
    description: shared.sdk.description,
    license: options.license ?? 'Apache-2.0',
    repository: options.repository,
    generatorVersion: options.generatorVersion,
    nodeRuntime: false,
    bundledRuntime: false,
    dependencies: { [options.runtime.packageName]: options.runtime.range },
    exportsMap,
    typesVersions: typesVersionsOf(exportsMap),
    modules: version.modules.filter((m) => m.decls.length > 0).map((m) => ({ path: m.path.join('/'), count: m.decls.length })),
    task: shared.task ? { name: shared.task.ref.name, module: shared.task.ref.module } : undefined,
    conflicts: shared.conflicts,
    versions: [],
  };
  addPackagingFiles(files, options.templates, data, 'README.shared.md.hbs');
  return files;
}
