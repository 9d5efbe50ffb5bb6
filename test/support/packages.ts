/**
 * The generated packages that tests use: every v4 namespace of `specs/`,
 * generated once per test run (see global-setup.ts) into `test/.tmp/packages/`.
 */
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { buildPackageIr, discoverSpecs, generate } from '../../generator/generate.js';
import type { Sdk } from '../../generator/ir/model.js';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const SPECS = path.join(ROOT, 'specs');
export const PACKAGES = path.join(ROOT, 'test', '.tmp', 'packages');
/** One ES module per package, bundled from its sources: quicker to import than hundreds of files. */
export const BUNDLES = path.join(ROOT, 'test', '.tmp', 'bundles');

/** The v4 namespaces and their documents (paths relative to the repository root). */
export function v4Namespaces(): { namespace: string; specs: string[] }[] {
  return discoverSpecs('specs').filter((n) => n.namespace !== 'v3');
}

export async function generateAll(): Promise<void> {
  const cwd = process.cwd();
  process.chdir(ROOT);
  try {
    for (const { namespace, specs } of v4Namespaces()) {
      await generate({ specs, namespace, out: path.join(PACKAGES, namespace), format: false });
      await build({
        entryPoints: [path.join(PACKAGES, namespace, 'src', 'index.ts')],
        outfile: path.join(BUNDLES, `${namespace}.mjs`),
        bundle: true,
        format: 'esm',
        platform: 'neutral',
        logLevel: 'error',
      });
    }
  } finally {
    process.chdir(cwd);
  }
}

const irCache = new Map<string, Promise<Sdk>>();

/** The IR of a namespace's package (the same one the package was generated from). */
export function packageIr(namespace: string): Promise<Sdk> {
  let ir = irCache.get(namespace);
  if (!ir) {
    const specs = v4Namespaces().find((n) => n.namespace === namespace)!.specs.map((s) => path.join(ROOT, s));
    ir = buildPackageIr({ specs, namespace }).then((r) => r.sdk);
    irCache.set(namespace, ir);
  }
  return ir;
}

/** Imports a generated package's root module. */
export async function importPackage(namespace: string): Promise<Record<string, unknown>> {
  return (await import(/* @vite-ignore */ pathToFileURL(path.join(BUNDLES, `${namespace}.mjs`)).href)) as Record<string, unknown>;
}
