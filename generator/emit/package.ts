/**
 * Package emitter: walks the IR of a package and asks each artifact emitter for
 * its file (models, enums, unions, aliases, API classes, index files), then adds
 * the runtime and the packaging files rendered from templates.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { printStatements } from './print.js';
import type { Decl, Module, Sdk, Version } from '../ir/model.js';
import type { Templates } from '../templates.js';
import { emitAlias } from './alias.js';
import { emitApi } from './api.js';
import { FileImports, moduleFile, renamedSymbol, renderImports, VersionContext, type ExternalDecl, type Statement } from './context.js';
import { WIDTH } from './layout.js';
import { docText } from './docs.js';
import { emitEnum } from './enum.js';
import { emitModel } from './model.js';
import { emitUnion } from './union.js';
import { emitValidation } from './validation.js';
import { PROJECT_ROOT } from '../paths.js';
import type { SharedDeclRef } from '../family.js';

export const RUNTIME_DIR = path.join(PROJECT_ROOT, 'runtime');

export interface EmitOptions {
  readonly templates: Templates;
  readonly generatorVersion: string;
  /** The npm dist-tag the package is published under (`next` for pre-releases). */
  readonly distTag?: 'latest' | 'next';
  readonly license?: string;
  readonly repository?: string | { readonly type: string; readonly url: string; readonly directory?: string };
  /** Client settings applied by the generated `createClient()` (from the configuration's `runtime`). */
  readonly runtimeDefaults?: Readonly<Record<string, unknown>>;
  /** Set for a member of an SDK family: the runtime and shared models come from their packages. */
  readonly family?: FamilyLinks;
}

/** How a namespace package of a family reaches the runtime and shared-models packages. */
export interface FamilyLinks {
  readonly runtime: { readonly packageName: string; readonly range: string };
  readonly shared?: {
    readonly packageName: string;
    readonly range: string;
    readonly byId: ReadonlyMap<string, SharedDeclRef>;
    /** The shared package exports a `waitForTask` that resolves to the prism `Task` model. */
    readonly typedTasks: boolean;
  };
}

/** Generated files, by path relative to the package folder. */
export type FileMap = Map<string, string>;

/**
 * A file: `body` (printed first: printing is what registers the imports it needs) under its
 * banner, imports and re-exports. `body` is the declarations, each laid out by `tidy` on its own
 * (a module's file can be large: GitHub's has 335,000 lines), a blank line between them.
 */
function printFile(banner: string, imports: FileImports, body: readonly string[], reexports: readonly string[] = []): string {
  const head = [renderImports(imports.structures(), WIDTH), reexports.join('\n')].filter(Boolean).join('\n\n');
  return tidy(banner + head + (head ? '\n\n' : '')) + body.map(tidy).join('\n');
}

/** What `tidy` does, as regular expressions: the definition, and the way for the rare file the fast path leaves. */
function tidyByRegExp(text: string): string {
  return (
    text
      .replace(/[ \t]+$/gm, '')
      .replace(/\) \{\n\s*\}/g, ') {}')
      // A blank line between top-level declarations, as a formatter would leave them.
      // (Newlines are found first; the line before is looked at only where a declaration starts.)
      .replace(/\n(?=\/\*\*|export |const |function |class |type |interface )(?<=(?:;|^[;}\]].*)\n)/gm, '\n\n')
      .replace(/\n{3,}/g, '\n\n')
  );
}

const DECLARATION_STARTS = ['/**', 'export ', 'const ', 'function ', 'class ', 'type ', 'interface '];
const EMPTY_BODY_END = /\s*\}/y;

/**
 * Trailing white space off, empty bodies as `{}`, a blank line before each top-level
 * declaration that follows a statement, no run of blank lines: `tidyByRegExp`, in one walk
 * over the newlines of a file (four regular expressions over every file cost a tenth of
 * emitting a large package). Files that need more than the blank lines (white space at a
 * line end, an empty body, other line breaks, blank lines in a row: a few in a hundred)
 * take the regular expressions.
 */
function tidy(text: string): string {
  const n = text.length;
  const last = text.charCodeAt(n - 1);
  if (last === 32 || last === 9 || text.indexOf('\r') !== -1 || text.indexOf('\u2028') !== -1 || text.indexOf('\u2029') !== -1) return tidyByRegExp(text);
  let out = '';
  let copied = 0;
  let lineStart = 0;
  for (let nl = text.indexOf('\n'); nl !== -1; lineStart = nl + 1, nl = text.indexOf('\n', lineStart)) {
    const before = nl > lineStart ? text.charCodeAt(nl - 1) : 10;
    if (before === 32 || before === 9) return tidyByRegExp(text);
    if (nl === lineStart) {
      if (nl >= 2 && text.charCodeAt(nl - 2) === 10) return tidyByRegExp(text);
      continue;
    }
    if (before === 123 && text.charCodeAt(nl - 2) === 32 && text.charCodeAt(nl - 3) === 41) {
      EMPTY_BODY_END.lastIndex = nl + 1;
      if (EMPTY_BODY_END.test(text)) return tidyByRegExp(text);
    }
    const first = text.charCodeAt(lineStart);
    // `;` at the end of the line, or `;`, `}`, `]` at its start
    if ((before === 59 || first === 59 || first === 125 || first === 93) && DECLARATION_STARTS.some((s) => text.startsWith(s, nl + 1))) {
      out += text.slice(copied, nl + 1) + '\n';
      copied = nl + 1;
    }
  }
  return copied === 0 ? text : out + text.slice(copied);
}

function declStatements(decl: Decl, imports: FileImports): Statement[] {
  switch (decl.kind) {
    case 'model':
      return emitModel(decl, imports);
    case 'enum':
      return emitEnum(decl, imports);
    case 'union':
      return emitUnion(decl, imports);
    case 'alias':
      return emitAlias(decl, imports);
  }
}

/** The exported names a declaration brings to its module. */
function ownNames(decl: Decl): string[] {
  switch (decl.kind) {
    case 'model':
      return [decl.name, `${decl.name}Json`, `${decl.name}Init`];
    case 'union':
      return [decl.name, `${decl.name}Json`, `decode${decl.name}`, `encode${decl.name}`];
    case 'alias':
      return [decl.name, `${decl.name}Json`];
    case 'enum':
      return [decl.name];
  }
}

/**
 * The document's name as the banners show it: relative to the working folder, or
 * its file name when it is elsewhere, so that output does not depend on where a
 * machine keeps its files. URLs are shown as they are.
 */
function displayPath(source: string): string {
  if (/^https?:/i.test(source) || !path.isAbsolute(source)) return source.replace(/\\/g, '/');
  const rel = path.relative(process.cwd(), source);
  return (rel.startsWith('..') || path.isAbsolute(rel) ? path.basename(source) : rel).replace(/\\/g, '/');
}

/** A name usable in `export * as <name>`. */
export function namespaceName(folder: string): string {
  const cleaned = folder.replace(/[^A-Za-z0-9_$]/g, '_');
  return /^[0-9]/.test(cleaned) || cleaned === 'default' ? `_${cleaned}` : cleaned;
}

/**
 * The names a declaration that lives in the shared-models package brings to its module there:
 * theirs, and ours when the shared package had to rename it (two documents' declarations met in one folder).
 */
function sharedNames(decl: Decl, ref: SharedDeclRef): string[] {
  return ownNames(decl).map((local) => {
    const theirs = renamedSymbol(local, decl.name, ref.name);
    // Union and alias names are types only; `isolatedModules` wants those re-exported as types.
    const typeOnly = local === `${decl.name}Json` || local === `${decl.name}Init` || (local === decl.name && (decl.kind === 'union' || decl.kind === 'alias'));
    return `${typeOnly ? 'type ' : ''}${theirs === local ? local : `${theirs} as ${local}`}`;
  });
}

/**
 * The re-exports of a module's declarations that live in the shared-models package (so that
 * `instanceof` holds whichever package decoded a value): one statement per module there.
 */
function sharedExports(decls: readonly Decl[], shared: NonNullable<FamilyLinks['shared']>): string[] {
  const byModule = new Map<string, string[]>();
  for (const decl of decls) {
    const ref = shared.byId.get(decl.id);
    if (!ref) continue;
    const from = `${shared.packageName}/${ref.module}`;
    byModule.set(from, [...(byModule.get(from) ?? []), ...sharedNames(decl, ref)]);
  }
  return [...byModule].map(([from, names]) => {
    const flat = `export { ${names.join(', ')} } from '${from}';`;
    return flat.length <= WIDTH ? flat : `export {\n${names.map((n) => `  ${n},`).join('\n')}\n} from '${from}';`;
  });
}

/** Where the models of a version go and what surrounds them. */
export interface ModuleEmit {
  /** Folder of the version (`src/v4.0`), or of the shared package (`src`). */
  readonly root: string;
  readonly banner: string;
  readonly templates: Templates;
  readonly files: FileMap;
  /** Top folders that always get an index. */
  readonly tops: readonly string[];
  /** Path of the runtime index relative to `root`, without extension. */
  readonly runtimePath?: string;
  /** Declarations that live in the shared-models package (their modules re-export them from it). */
  readonly shared?: NonNullable<FamilyLinks['shared']>;
  /** The version's context, when the caller has one already. */
  readonly ctx?: VersionContext;
}

/**
 * A file per module (`<module>/index.ts`): its declarations, the re-exports of those that live in
 * the shared-models package, and its sub-modules as namespaces.
 */
export function emitModules(version: Version, emit: ModuleEmit): void {
  const { root, banner, files } = emit;
  const shared = emit.shared;
  const ctx = emit.ctx ?? new VersionContext(version, emit.templates, externalDecls(shared));

  const folders = new Map<string, Module>();
  for (const m of version.modules) folders.set(m.path.join('/'), m);
  for (const top of emit.tops) if (!folders.has(top)) folders.set(top, { path: [top], qualifiedName: top, decls: [] });
  for (const [key, module] of folders) {
    const children = [...folders.keys()]
      .filter((k) => k.startsWith(key + '/') && !k.slice(key.length + 1).includes('/'))
      .map((k) => k.slice(key.length + 1))
      .sort();
    const own = module.decls.filter((d) => !shared?.byId.has(d.id));
    const names = own.flatMap(ownNames);
    // Every name the module exports: its own declarations' and the shared ones' it re-exports.
    const taken = new Set(module.decls.flatMap(ownNames));
    const reexports = [
      ...(shared ? sharedExports(module.decls, shared) : []),
      // A sub-module whose name a declaration of this module has already gets a suffix.
      ...children.map((c) => `export * as ${uniqueNamespace(namespaceName(c), taken)} from './${c}/index.js';`),
    ];
    const file = moduleFile(module.path);
    const imports = new FileImports(ctx, file, names, emit.runtimePath);
    // Declaration by declaration: the printer's pieces of one at a time, not of a whole module (GitHub's has 335,000 lines).
    const body = own.map((d) => printStatements(declStatements(d, imports)));
    files.set(`${root}/${file}.ts`, body.length ? printFile(banner, imports, body, reexports) : banner + (reexports.length ? reexports.join('\n') : 'export {};') + '\n');
  }
}

function uniqueNamespace(name: string, taken: Set<string>): string {
  let unique = name;
  for (let i = 1; taken.has(unique); i++) unique = `${name}Module${i === 1 ? '' : i}`;
  taken.add(unique);
  return unique;
}

/** The declarations the shared-models package defines, as the files of a member import them. */
function externalDecls(shared: FamilyLinks['shared']): Map<string, ExternalDecl> {
  return new Map(shared ? [...shared.byId].map(([id, ref]) => [id, { specifier: `${shared.packageName}/${ref.module}`, name: ref.name }]) : []);
}

/** The banner of a version's files. */
export function versionBanner(version: Version, options: Pick<EmitOptions, 'templates' | 'generatorVersion'>): string {
  return options.templates.render('partials/banner.hbs', {
    generatorVersion: options.generatorVersion,
    // The banner is a comment: text from the document must not end it.
    source: docText(displayPath(version.sourceFile)).replace(/\n/g, ' '),
    title: docText(version.info.title).replace(/\n/g, ' '),
    apiVersion: docText(version.info.version).replace(/\n/g, ' '),
  });
}

/** Where a namespace package puts the models of a version. */
function versionModules(version: Version, options: Pick<EmitOptions, 'templates' | 'generatorVersion' | 'family'>, files: FileMap): ModuleEmit {
  const shared = options.family?.shared;
  return { root: `src/${version.label}`, banner: versionBanner(version, options), templates: options.templates, files, tops: ['models', 'shared'], ...(shared ? { shared } : {}) };
}

function emitVersion(sdk: Sdk, version: Version, options: EmitOptions, files: FileMap): void {
  const ctx = new VersionContext(version, options.templates, externalDecls(options.family?.shared));
  const modules = versionModules(version, options, files);
  const { root, banner } = modules;
  emitModules(version, { ...modules, ctx });

  for (const api of version.apis) {
    const file = `apis/${api.fileName}`;
    // Parameter interfaces are in scope inside the namespace: imports must not shadow them.
    const imports = new FileImports(ctx, file, [api.name, ...api.operations.map((o) => o.paramsTypeName)]);
    files.set(`${root}/${file}.ts`, printFile(banner, imports, [printStatements(emitApi(api, imports, version))]));
  }
  files.set(`${root}/apis/index.ts`, banner + (version.apis.map((a) => `export * from './${a.fileName}.js';`).join('\n') || 'export {};') + '\n');
  const validationImports = new FileImports(ctx, 'validation', ['validation']);
  files.set(`${root}/validation.ts`, printFile(banner, validationImports, [printStatements([emitValidation(version, validationImports)])]));

  files.set(
    `${root}/index.ts`,
    banner +
      [
        `export * from '../runtime/index.js';`,
        `export * from './apis/index.js';`,
        `export { validation } from './validation.js';`,
        `export * as models from './models/index.js';`,
        `export * as shared from './shared/index.js';`,
      ].join('\n') +
      '\n',
  );
}

/** Folder of the ES module build's declaration entry points (outside `dist`, which the build empties). */
export const ESM_TYPES = 'esm-types';

/**
 * An `exports` entry of a built package: each condition with the declarations of its own format.
 * The declarations are emitted once, beside the CommonJS build (`dist/cjs` has a
 * `{"type": "commonjs"}` package.json, so TypeScript reads them as CommonJS, as `require` gets them).
 * `import` gets an ES module that re-exports them (`esm-types/`, see `esmTypeFiles`): named exports,
 * no default export, as the ESM build that Node loads. Pointing `import` at the CommonJS declarations
 * would let an ES module's default import type-check and then fail at run time.
 */
export function exportEntry(rel: string): { import: { types: string; default: string }; require: { types: string; default: string } } {
  const cjsTypes = `./dist/cjs/${rel}.d.ts`;
  return {
    import: { types: `./${ESM_TYPES}/${rel}.d.ts`, default: `./dist/esm/${rel}.js` },
    require: { types: cjsTypes, default: `./dist/cjs/${rel}.js` },
  };
}

type ConditionalEntry = { readonly require?: { readonly types?: string }; readonly import?: { readonly types?: string } };

/** `typesVersions`: `moduleResolution: node` (node10) ignores `exports`, so the same subpaths again, for types only (CommonJS's). */
export function typesVersionsOf(exportsMap: Readonly<Record<string, unknown>>): Record<string, Record<string, string[]>> {
  const paths: Record<string, string[]> = {};
  for (const [subpath, target] of Object.entries(exportsMap)) {
    const types = typeof target === 'object' && target !== null ? (target as ConditionalEntry).require?.types : undefined;
    if (subpath !== '.' && types) paths[subpath.slice(2)] = [types];
  }
  return { '*': paths };
}

/**
 * The ES module declaration of each entry point of the exports map: one line re-exporting the
 * CommonJS declarations. The package's `"type": "module"` makes TypeScript read `esm-types/` as ESM,
 * and `export *` carries no default export. Only entry points get one (not every declaration file):
 * what they re-export is the same set of declarations, so the package ships it once.
 */
export function esmTypeFiles(exportsMap: Readonly<Record<string, unknown>>, banner: string): [string, string][] {
  const out: [string, string][] = [];
  for (const target of Object.values(exportsMap)) {
    if (typeof target !== 'object' || target === null) continue;
    const { import: esm, require: cjs } = target as ConditionalEntry;
    if (!esm?.types?.startsWith(`./${ESM_TYPES}/`) || !cjs?.types) continue;
    const file = esm.types.slice(2);
    const from = path.posix.relative(path.posix.dirname(file), cjs.types.slice(2)).replace(/\.d\.ts$/, '.js');
    out.push([file, `${banner}// Types of the ES module build (dist/esm): the declarations of the CommonJS build, as named exports.\nexport * from '${from}';\n`]);
  }
  return out;
}

/** Runtime sources copied into every package (tests and configuration stay behind). */
export function runtimeFiles(): [string, string][] {
  return readdirSync(RUNTIME_DIR)
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))
    .sort()
    .map((f) => [f, readFileSync(path.join(RUNTIME_DIR, f), 'utf8')]);
}

/** `files`: where to put them (a map that writes them as they come, see write.ts). */
export function emitPackage(sdk: Sdk, options: EmitOptions, files: FileMap = new Map()): FileMap {
  for (const version of sdk.versions) emitVersion(sdk, version, options, files);

  const runtimeBanner = options.templates.render('partials/banner.hbs', {
    generatorVersion: options.generatorVersion,
    source: 'the ntnx-sdkgen runtime',
  });
  if (options.family) {
    // A family member: `src/runtime/` re-exports the runtime package, so generated files import it as before.
    const { runtime, shared } = options.family;
    const typed = shared?.typedTasks ? `// \`waitForTask\` resolving to the prism \`Task\` model (the runtime's resolves to JSON).\nexport { waitForTask } from '${shared.packageName}';\n` : '';
    files.set('src/runtime/index.ts', `${runtimeBanner}export * from '${runtime.packageName}';\n${typed}`);
    files.set('src/runtime/node.ts', `${runtimeBanner}export * from '${runtime.packageName}/node';\n`);
  } else {
    for (const [name, text] of runtimeFiles()) files.set(`src/runtime/${name}`, runtimeBanner + text);
  }

  const rootBanner = options.templates.render('partials/banner.hbs', { generatorVersion: options.generatorVersion, source: docText(sdk.versions.map((v) => displayPath(v.sourceFile)).join(', ')).replace(/\n/g, ' ') });
  files.set(
    'src/index.ts',
    rootBanner + [`export * from './runtime/index.js';`, ...sdk.versions.map((v) => `export * as ${v.exportName} from './${v.label}/index.js';`)].join('\n') + '\n',
  );

  // The exports map: the root, each version, and each module folder of each version.
  const entry = exportEntry;
  const exportsMap: Record<string, unknown> = { '.': entry('index') };
  for (const v of sdk.versions) {
    exportsMap[`./${v.label}`] = entry(`${v.label}/index`);
    for (const m of v.modules) {
      const [top, ...rest] = m.path;
      if (rest.length === 0) {
        exportsMap[`./${v.label}/${top}`] = entry(`${v.label}/${top}/index`);
        continue;
      }
      const sub = top === 'models' ? rest.join('/') : `${top}/${rest.join('/')}`;
      exportsMap[`./${v.label}/${sub}`] = entry(`${v.label}/${m.path.join('/')}/index`);
    }
  }
  // Node-only connection settings (undici): a subpath of their own, so browser bundles never see them.
  const nodeRuntime = runtimeFiles().some(([name]) => name === 'node.ts');
  if (nodeRuntime) exportsMap['./node'] = entry('runtime/node');
  exportsMap['./package.json'] = './package.json';
  if (options.runtimeDefaults) {
    files.set('src/client.ts', options.templates.render('partials/banner.hbs', { generatorVersion: options.generatorVersion, source: 'ntnx-sdkgen.config.json' }) + clientDefaultsSource(options.runtimeDefaults));
    files.set('src/index.ts', files.get('src/index.ts')! + `export { clientDefaults, createClient } from './client.js';\n`);
  }

  const newest = sdk.versions[sdk.versions.length - 1]!;
  // The README's example: a list call without required parameters on the API class with most operations.
  const simpleList = (o: (typeof newest.apis)[number]['operations'][number]) => o.httpMethod === 'GET' && !o.params.some((p) => p.required);
  const exampleApi =
    newest.apis.slice().sort((a, b) => b.operations.length - a.operations.length).find((a) => a.operations.some((o) => o.paging && simpleList(o))) ??
    newest.apis.find((a) => a.operations.some((o) => o.httpMethod === 'GET')) ??
    newest.apis[0];
  const exampleOp =
    exampleApi?.operations.find((o) => o.paging && simpleList(o)) ?? exampleApi?.operations.find(simpleList) ?? exampleApi?.operations.find((o) => o.httpMethod === 'GET');
  const data = {
    packageName: sdk.packageName,
    packageVersion: sdk.packageVersion,
    namespace: sdk.namespace,
    title: sdk.title,
    description: sdk.description ?? `${sdk.title} (generated SDK)`,
    license: options.license ?? 'Apache-2.0',
    repository: options.repository,
    generatorVersion: options.generatorVersion,
    // Recorded in package.json, not in the version: build metadata would not order releases.
    generatorInfo: { generator: options.generatorVersion, apiVersions: Object.fromEntries(sdk.versions.map((v) => [v.label, v.info.version])) },
    publishTag: options.distTag === 'next' ? 'next' : undefined,
    nodeRuntime,
    nodeEntry: 'src/runtime/node.ts',
    bundledRuntime: !options.family,
    dependencies: options.family ? familyDependencies(options.family) : undefined,
    clientDefaults: !!options.runtimeDefaults,
    exportsMap,
    typesVersions: typesVersionsOf(exportsMap),
    versions: sdk.versions.map((v) => ({
      ...v,
      operationCount: v.apis.reduce((n, a) => n + a.operations.length, 0),
      modelCount: v.modules.reduce((n, m) => n + m.decls.filter((d) => d.kind === 'model').length, 0),
      firstModule: (v.modules.find((m) => m.decls.length > 0 && m.path[0] === 'models')?.path.slice(1).join('/') || 'models'),
    })),
    example: {
      version: newest.label,
      apiName: exampleApi?.name ?? 'DefaultApi',
      methodName: exampleOp?.methodName,
      args: exampleOp && exampleOp.params.some((p) => p.required) ? `{ ${exampleOp.params.filter((p) => p.required).map((p) => `${p.propName}: '...'`).join(', ')} }` : exampleOp?.paging ? `{ ${exampleOp.paging.limitParam}: 10 }` : '',
    },
  };
  addPackagingFiles(files, options.templates, data, 'README.md.hbs');
  return files;
}

/**
 * The files every package has besides its sources, from templates: package.json, the tsconfigs of
 * its builds (the Node-only one when it has a Node entry), its README (from `readme`) and LICENSE.
 */
export function addPackagingFiles(
  files: FileMap,
  templates: Templates,
  data: { readonly packageName: string; readonly license: string; readonly nodeRuntime: boolean } & Record<string, unknown>,
  readme: string,
): void {
  files.set('package.json', templates.render('package.json.hbs', data));
  files.set('tsconfig.json', templates.render('tsconfig.json.hbs', data));
  files.set('tsconfig.cjs.json', templates.render('tsconfig.cjs.json.hbs', data));
  if (data.nodeRuntime) files.set('tsconfig.node.json', templates.render('tsconfig.node.json.hbs', data));
  const exportsMap = data['exportsMap'] as Readonly<Record<string, unknown>> | undefined;
  if (exportsMap) {
    const banner = templates.render('partials/banner.hbs', { generatorVersion: data['generatorVersion'], source: 'the exports map of package.json' });
    for (const [file, text] of esmTypeFiles(exportsMap, banner)) files.set(file, text);
  }
  files.set('README.md', templates.render(readme, data));
  const license = licenseText(templates, data.license, data.packageName);
  if (license !== undefined) files.set('LICENSE', license);
}

/**
 * The LICENSE file for the package's `license` field, from `templates/licenses/<SPDX id>.hbs`
 * (Apache-2.0 and MIT are built in; a `--templates` folder adds or overrides any). `UNLICENSED`
 * and `SEE LICENSE IN <file>` get none. An id without a text stops the generation rather than
 * publish a package whose licence text is missing.
 */
export function licenseText(templates: Templates, license: string, packageName: string): string | undefined {
  if (license === 'UNLICENSED' || /^SEE LICENSE IN /i.test(license)) return undefined;
  const name = `licenses/${license}.hbs`;
  if (!/^[A-Za-z0-9.+-]+$/.test(license) || !templates.has(name)) {
    throw new Error(
      `no licence text for "${license}" (the package's license field): put the text in licenses/${license}.hbs of a --templates folder, ` +
        `or use Apache-2.0, MIT, UNLICENSED or "SEE LICENSE IN <file>"`,
    );
  }
  return templates.render(name, { license, packageName, copyright: `the ${packageName} authors` });
}

/** `src/client.ts`: the configured client defaults and a factory that applies them. */
function clientDefaultsSource(defaults: Readonly<Record<string, unknown>>): string {
  return [
    `import { ApiClient, type ApiClientConfig } from './runtime/index.js';`,
    ``,
    `/** Client settings this package was generated with; \`createClient()\` applies them under your own. */`,
    `export const clientDefaults: ApiClientConfig = ${JSON.stringify(defaults, null, 2)};`,
    ``,
    `/** A client with \`clientDefaults\`, overridden by \`config\` (\`headers\` and \`retry\` are merged). */`,
    `export function createClient(config: ApiClientConfig = {}): ApiClient {`,
    `  // A setting passed as \`undefined\` (an unset environment variable) keeps the default.`,
    `  const given = Object.fromEntries(Object.entries(config).filter(([, value]) => value !== undefined));`,
    `  const merged: Record<string, unknown> = { ...clientDefaults, ...given };`,
    `  if (clientDefaults.headers || config.headers) merged.headers = { ...clientDefaults.headers, ...config.headers };`,
    `  if (typeof clientDefaults.retry === 'object' && typeof config.retry === 'object') merged.retry = { ...clientDefaults.retry, ...config.retry };`,
    `  return new ApiClient(merged as ApiClientConfig);`,
    `}`,
    ``,
  ].join('\n');
}

/** The `dependencies` of a family member. */
function familyDependencies(family: FamilyLinks): Record<string, string> {
  return {
    [family.runtime.packageName]: family.runtime.range,
    ...(family.shared ? { [family.shared.packageName]: family.shared.range } : {}),
  };
}
