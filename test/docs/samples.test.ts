/**
 * Every TypeScript sample of every v4 package type-checks against the package
 * as generated: written as .ts files with a tsconfig that maps each package's
 * exports to its sources, and checked by one `tsc --noEmit` run. A control file
 * with a known mistake proves the check sees errors.
 */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { packageSamples } from '../../generator/docs/samples.js';
import type { Sdk } from '../../generator/ir/model.js';
import { PACKAGES, packageIr, ROOT, v4Namespaces } from '../support/packages.js';
import { DOCS_TMP, writeTree } from './support.js';

const run = promisify(execFile);
const TSC = path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
const DIR = path.join(DOCS_TMP, 'samples');
const CONTROL = '_control/broken.ts';

/** tsconfig `paths` for a package: each export's types (`./dist/cjs/x.d.ts`) mapped to its source (`src/x.ts`). */
function packagePaths(namespace: string): Record<string, string[]> {
  const pkgDir = path.join(PACKAGES, namespace);
  const pkg = JSON.parse(readFileSync(path.join(pkgDir, 'package.json'), 'utf8')) as { name: string; exports: Record<string, unknown> };
  const paths: Record<string, string[]> = {};
  const typesOf = (entry: unknown): string | undefined => {
    if (typeof entry === 'string') return /^\.\/dist\/(?:esm|cjs)\/.+\.d\.ts$/.test(entry) ? entry : undefined;
    if (entry && typeof entry === 'object') for (const v of Object.values(entry)) {
      const found = typesOf(v);
      if (found) return found;
    }
    return undefined;
  };
  for (const [subpath, entry] of Object.entries(pkg.exports)) {
    const types = typesOf(entry);
    if (!types) continue;
    const source = types.replace(/^\.\/dist\/(?:esm|cjs)\//, 'src/').replace(/\.d\.ts$/, '.ts');
    paths[pkg.name + subpath.slice(1)] = [path.relative(DIR, path.join(pkgDir, source)).split(path.sep).join('/')];
  }
  return paths;
}

interface TscError {
  readonly file: string;
  readonly text: string;
}

async function tsc(project: string): Promise<TscError[]> {
  let output = '';
  try {
    await run(process.execPath, [TSC, '-p', project, '--noEmit', '--pretty', 'false'], { cwd: ROOT, maxBuffer: 64 * 1024 * 1024 });
  } catch (e) {
    const err = e as { stdout?: string; stderr?: string; message: string };
    output = `${err.stdout ?? ''}${err.stderr ?? ''}` || err.message;
  }
  const errors: TscError[] = [];
  for (const line of output.split('\n')) {
    const m = /^(.+?)\(\d+,\d+\): error (.*)$/.exec(line);
    if (m) errors.push({ file: path.relative(DIR, path.resolve(ROOT, m[1]!)).split(path.sep).join('/'), text: line });
    else if (/error/i.test(line)) errors.push({ file: '', text: line });
  }
  return errors;
}

describe('TypeScript samples of every v4 package', () => {
  const sdks = new Map<string, Sdk>();
  let sampleCount = 0;
  let operationCount = 0;
  let errors: TscError[] = [];

  beforeAll(async () => {
    const files = new Map<string, string>();
    const paths: Record<string, string[]> = {};
    for (const { namespace } of v4Namespaces()) {
      const sdk = await packageIr(namespace);
      sdks.set(namespace, sdk);
      for (const [key, sample] of packageSamples(sdk)) files.set(`${namespace}/${key}.ts`, sample.code);
      operationCount += sdk.versions.reduce((n, v) => n + v.apis.reduce((m, a) => m + a.operations.length, 0), 0);
      Object.assign(paths, packagePaths(namespace));
    }
    sampleCount = files.size;
    const vmm = sdks.get('vmm')!;
    files.set(
      CONTROL,
      [
        `import { ApiClient } from '${vmm.packageName}';`,
        `import { VmApi } from '${vmm.packageName}/v4.0';`,
        ``,
        `const api = new VmApi(new ApiClient({ host: 'pc.example.com' }));`,
        `// A sample that forgot the required extId must not compile.`,
        `await api.getVmById({});`,
        ``,
      ].join('\n'),
    );
    files.set(
      'tsconfig.json',
      JSON.stringify(
        {
          compilerOptions: {
            target: 'ES2022',
            module: 'ESNext',
            moduleResolution: 'Bundler',
            lib: ['ES2022', 'DOM', 'DOM.Iterable'],
            types: ['node'],
            strict: true,
            noEmit: true,
            skipLibCheck: true,
            paths,
          },
          include: ['**/*.ts'],
        },
        null,
        2,
      ),
    );
    files.set('package.json', JSON.stringify({ type: 'module', private: true }));
    writeTree(DIR, files);
    errors = await tsc(path.join(DIR, 'tsconfig.json'));
  }, 600_000);

  it('has one sample per operation', () => {
    expect(sampleCount).toBe(operationCount);
    expect(sampleCount).toBeGreaterThan(300);
  });

  it('type-checks every sample', () => {
    const bad = errors.filter((e) => e.file !== CONTROL);
    expect(bad.map((e) => e.text).slice(0, 30)).toEqual([]);
  });

  it('would notice a sample that does not compile (control)', () => {
    const control = errors.filter((e) => e.file === CONTROL);
    expect(control.length).toBe(1);
    expect(control[0]!.text).toMatch(/extId/);
  });
});
