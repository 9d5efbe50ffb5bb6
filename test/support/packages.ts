/**
 * The generated packages that tests use: every v4 namespace of `specs/`,
 * generated once per test run as one family (see global-setup.ts) into
 * `test/.tmp/packages/`, with the family's runtime and shared-models packages
 * built (their declarations are what the namespace packages type-check against).
 */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { buildPackageIr, discoverSpecs, generateFamily } from '../../generator/generate.js';
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

/** The family's own packages: the runtime and the shared models. */
export const FAMILY_PACKAGES = ['runtime', 'shared'] as const;

/** esbuild aliases that resolve the family's packages to their sources. */
export const FAMILY_ALIASES: Record<string, string> = {
  '@ntnx-sdk/runtime': path.join(PACKAGES, 'runtime', 'src'),
  '@ntnx-sdk/shared': path.join(PACKAGES, 'shared', 'src'),
};

export async function generateAll(): Promise<void> {
  const cwd = process.cwd();
  process.chdir(ROOT);
  try {
    const members = v4Namespaces().map(({ namespace, specs }) => ({ namespace, specs, out: path.join(PACKAGES, namespace) }));
    await generateFamily({ members, out: PACKAGES, format: false });
    // ES modules and declarations (beside the CommonJS build) of the runtime and shared packages, as an installed copy has them.
    const tsc = path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
    for (const name of FAMILY_PACKAGES) {
      for (const config of ['tsconfig.json', 'tsconfig.cjs.json']) execFileSync(process.execPath, [tsc, '-p', path.join(PACKAGES, name, config)], { stdio: 'pipe' });
      writeFileSync(path.join(PACKAGES, name, 'dist', 'cjs', 'package.json'), JSON.stringify({ type: 'commonjs' }));
    }
    // One bundle per namespace package; the runtime and shared models are one module each, shared by all bundles.
    await build({
      entryPoints: Object.fromEntries(members.map((m) => [m.namespace, path.join(m.out, 'src', 'index.ts')])),
      outdir: BUNDLES,
      outExtension: { '.js': '.mjs' },
      bundle: true,
      splitting: true,
      format: 'esm',
      platform: 'neutral',
      alias: FAMILY_ALIASES,
      logLevel: 'error',
    });
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
