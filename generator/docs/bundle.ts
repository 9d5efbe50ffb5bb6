/**
 * The browser build of a generated client, for the site's "try it" panel: the
 * package's ESM entry (`src/index.ts`) bundled by esbuild into one script that
 * defines `window.NtnxSdk`. The sources are read from the generated files in
 * memory, so the site can be built before (or without) writing the package.
 *
 * The runtime is browser-safe except `runtime/node.ts` (undici dispatchers,
 * file streams); a bundle that would pull it in, or any `node:` module, fails.
 */
import path from 'node:path/posix';
import type { Plugin } from 'esbuild';

export const BROWSER_GLOBAL = 'NtnxSdk';

export class BrowserBundleError extends Error {
  override name = 'BrowserBundleError';
}

/** A file of the package (`src/index.ts`) or of a dependency given in memory (`@ntnx-sdk/runtime::src/index.ts`). */
const SEPARATOR = '::';

function memoryFiles(files: ReadonlyMap<string, string>, dependencies: ReadonlyMap<string, ReadonlyMap<string, string>>): Plugin {
  const filesOf = (id: string): [string, ReadonlyMap<string, string> | undefined, string] => {
    const at = id.indexOf(SEPARATOR);
    if (at < 0) return ['', files, id];
    const dep = id.slice(0, at);
    return [dep, dependencies.get(dep), id.slice(at + SEPARATOR.length)];
  };
  const find = (map: ReadonlyMap<string, string>, base: string): string | undefined => {
    if (base.endsWith('.js')) base = base.slice(0, -3);
    if (base.endsWith('.ts')) base = base.slice(0, -3);
    return [`${base}.ts`, `${base}/index.ts`].find((f) => map.has(f));
  };
  return {
    name: 'generated-package',
    setup(b) {
      b.onResolve({ filter: /.*/ }, (args) => {
        if (args.kind === 'entry-point') return { path: args.path, namespace: 'pkg' };
        if (args.path.startsWith('node:')) return { errors: [{ text: `the browser client cannot import ${JSON.stringify(args.path)} (from ${args.importer})` }] };
        let dep = '';
        let map: ReadonlyMap<string, string> | undefined;
        let resolved: string | undefined;
        if (!args.path.startsWith('.')) {
          // A package of the family, given in memory: `@ntnx-sdk/runtime`, `@ntnx-sdk/shared/common/v1.0/config`.
          dep = [...dependencies.keys()].find((name) => args.path === name || args.path.startsWith(`${name}/`)) ?? '';
          map = dependencies.get(dep);
          if (!map) return { errors: [{ text: `the browser client cannot import ${JSON.stringify(args.path)} (from ${args.importer})` }] };
          resolved = find(map, path.join('src', args.path.slice(dep.length) || 'index'));
        } else {
          const [owner, ownerFiles, file] = filesOf(args.importer);
          dep = owner;
          map = ownerFiles;
          resolved = map ? find(map, path.normalize(path.join(path.dirname(file), args.path))) : undefined;
        }
        if (!resolved || !map) return { errors: [{ text: `cannot resolve ${args.path} from ${args.importer}` }] };
        if (/(^|\/)(runtime\/)?node\.ts$/.test(resolved) && (dep !== '' || /(^|\/)runtime\/node\.ts$/.test(resolved))) {
          return { errors: [{ text: `${args.importer} imports the Node-only runtime module ${resolved}: it must stay out of the browser client` }] };
        }
        return { path: dep ? `${dep}${SEPARATOR}${resolved}` : resolved, namespace: 'pkg' };
      });
      b.onLoad({ filter: /.*/, namespace: 'pkg' }, (args) => {
        const [, map, file] = filesOf(args.path);
        return { contents: map!.get(file)!, loader: 'ts' };
      });
    },
  };
}

export interface BundleResult {
  readonly code: string;
  /** Input files that ended up in the bundle (package-relative). */
  readonly inputs: readonly string[];
}

/** Bundles `src/index.ts` of a generated package (given as its files) for the browser. */
export async function bundleForBrowser(
  files: ReadonlyMap<string, string>,
  options: { minify?: boolean; entry?: string; dependencies?: ReadonlyMap<string, ReadonlyMap<string, string>> } = {},
): Promise<BundleResult> {
  const entry = options.entry ?? 'src/index.ts';
  if (!files.has(entry)) throw new BrowserBundleError(`the package has no ${entry}`);
  // esbuild is a development dependency: the site is still built without it, only without "try it".
  const { build } = await import('esbuild').catch(() => {
    throw new BrowserBundleError('esbuild is not installed: the site has no browser client ("try it" is off)');
  });
  try {
    const result = await build({
      entryPoints: [entry],
      bundle: true,
      write: false,
      metafile: true,
      format: 'iife',
      globalName: BROWSER_GLOBAL,
      platform: 'browser',
      target: 'es2022',
      minify: options.minify ?? true,
      legalComments: 'none',
      logLevel: 'silent',
      plugins: [memoryFiles(files, options.dependencies ?? new Map())],
    });
    const code = result.outputFiles[0]!.text;
    const inputs = Object.keys(result.metafile.inputs).map((p) => p.replace(/^pkg:/, ''));
    return { code, inputs };
  } catch (e) {
    const errors = (e as { errors?: { text: string }[] }).errors;
    throw new BrowserBundleError(errors?.length ? `browser client: ${errors.map((x) => x.text).join('; ')}` : String(e));
  }
}
