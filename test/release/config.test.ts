import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateFromConfig, watchConfig } from '../../generator/commands/generate.js';
import { ConfigError, loadConfig, resolveConfig, validateConfig } from '../../generator/config.js';
import type { GenerateResult } from '../../generator/generate.js';
import { petsDocument, ROOT, tempDir, writeJson } from './helpers.js';

describe('ntnx-sdkgen.config.json', () => {
  it('rejects unknown and ill-typed settings, naming where', () => {
    const check = (raw: unknown) => () => validateConfig(raw, 'ntnx-sdkgen.config.json');
    expect(check({ outDir: 'x' })).toThrow(/\/outDir: unknown setting/);
    expect(check({ scope: 'acme' })).toThrow(/\/scope: "acme" is not an npm scope/);
    expect(check({ packages: { vmm: { version: 'latest' } } })).toThrow(/\/packages\/vmm\/version: must be a semver version/);
    expect(check({ packages: { vmm: { documents: [] } } })).toThrow(/\/packages\/vmm\/documents: must be a non-empty array/);
    expect(check({ runtime: { timeout: 5 } })).toThrow(/\/runtime\/timeout: unknown client setting/);
    expect(check({ runtime: { port: '9440' } })).toThrow(/\/runtime\/port: must be a number/);
    expect(check({ runtime: { scheme: 'ftp' } })).toThrow(/\/runtime\/scheme: must be "https" or "http"/);
    expect(check({ repository: 42 })).toThrow(ConfigError);
    expect(check({ specs: 'specs', runtime: { retry: false, headers: { 'User-Agent': 'x' } } })).not.toThrow();
  });

  it('discovers namespaces in the specs folder, with per-package overrides, include and exclude', () => {
    const config = resolveConfig(
      { specs: 'specs', output: 'build/sdks', scope: '@acme', include: ['iam', 'volumes'], packages: { iam: { name: '@acme/identity', version: '4.1.0' } } },
      ROOT,
    );
    expect(config.packages.map((p) => p.namespace)).toEqual(['iam', 'volumes']);
    const iam = config.packages[0]!;
    expect(iam).toMatchObject({ packageName: '@acme/identity', packageVersion: '4.1.0', out: path.join(ROOT, 'build/sdks/iam') });
    expect(iam.documents).toEqual([path.join(ROOT, 'specs/iam/v4.0.yaml'), path.join(ROOT, 'specs/iam/v4.1.b2.yaml')]);
    expect(config.tarballs).toBe(path.join(ROOT, 'build/sdks/tarballs'));
    expect(resolveConfig({ specs: 'specs', exclude: ['v3', 'vmm'] }, ROOT).packages.map((p) => p.namespace)).not.toContain('vmm');
    expect(() => resolveConfig({ specs: 'specs', include: ['nope'] }, ROOT)).toThrow(/no documents for namespace "nope"/);
  });

  it('generates the configured packages: names, versions, license, repository, client defaults, progress', async () => {
    const dir = tempDir('config');
    writeJson(path.join(dir, 'apis', 'pets.json'), petsDocument('v4.0'));
    const file = writeJson(path.join(dir, 'ntnx-sdkgen.config.json'), {
      output: 'sdks',
      license: 'MIT',
      repository: { type: 'git', url: 'https://example.com/acme/sdks.git', directory: 'sdks/pets' },
      packages: { pets: { documents: ['apis/pets.json'], name: '@acme/pets', version: '1.2.3' } },
      runtime: { port: 9441, timeoutMs: 5000, headers: { 'User-Agent': 'acme' } },
      format: false,
    });
    const lines: string[] = [];
    const [result] = await generateFromConfig(loadConfig(file), { log: (l) => lines.push(l) });
    const out = path.join(dir, 'sdks', 'pets');
    expect(result!.sdk.packageName).toBe('@acme/pets');
    const pkg = JSON.parse(readFileSync(path.join(out, 'package.json'), 'utf8')) as Record<string, unknown>;
    expect(pkg).toMatchObject({ name: '@acme/pets', version: '1.2.3', license: 'MIT', repository: { type: 'git', url: 'https://example.com/acme/sdks.git', directory: 'sdks/pets' }, sideEffects: false, engines: { node: '>=20.19' } });
    // A family member: the runtime is a package of the family, written beside it.
    expect(pkg.dependencies).toEqual({ '@ntnx-sdk/runtime': expect.stringMatching(/^\^/) });
    expect(JSON.parse(readFileSync(path.join(dir, 'sdks', 'runtime', 'package.json'), 'utf8'))).toMatchObject({ name: '@ntnx-sdk/runtime' });
    const client = readFileSync(path.join(out, 'src/client.ts'), 'utf8');
    expect(client).toContain('"port": 9441');
    expect(client).toContain('export function createClient(config: ApiClientConfig = {}): ApiClient {');
    expect(client).toContain('const given = Object.fromEntries(Object.entries(config).filter(([, value]) => value !== undefined));');
    expect(readFileSync(path.join(out, 'src/index.ts'), 'utf8')).toContain(`export { clientDefaults, createClient } from './client.js';`);
    expect(lines[0]).toBe(`[1/1] pets: 1 document (${path.relative(process.cwd(), path.join(dir, 'apis/pets.json'))})`);
    expect(lines.some((l) => /^\[1\/1\] pets: wrote \d+ files to .* in \d+\.\d\d s \((check \d+\.\d\d s, )?load/.test(l))).toBe(true);
    expect(lines.at(-1)).toMatch(/^generated 1 package \(\d+ files\) in/);
  });

  it('--watch regenerates when a document changes', async () => {
    const dir = tempDir('watch');
    const doc = writeJson(path.join(dir, 'pets.json'), petsDocument('v4.0'));
    const file = writeJson(path.join(dir, 'ntnx-sdkgen.config.json'), { output: 'out', packages: { pets: { documents: ['pets.json'] } }, format: false });
    const stop = new AbortController();
    const runs: GenerateResult[][] = [];
    let changed!: () => void;
    const second = new Promise<void>((resolve) => (changed = resolve));
    const watching = watchConfig(file, {
      signal: stop.signal,
      onRun: (r) => {
        runs.push(r);
        if (runs.length === 1) {
          // Save a new release of the document once the first generation is done.
          setTimeout(() => writeFileSync(doc, JSON.stringify(petsDocument('v4.0', (d) => void (d.info = { title: 'Pets API', version: '4.0.9' })))), 50);
        } else changed();
      },
    });
    const timeout = new Promise<never>((_, reject) => setTimeout(() => reject(new Error('no regeneration within 20 s')), 20_000));
    try {
      await Promise.race([second, timeout]);
    } finally {
      stop.abort();
      await watching;
    }
    expect(runs).toHaveLength(2);
    // The document's info.version is shown in the README, never used as the package version:
    // the regeneration changed the published files only, so it is a patch release.
    expect(runs[0]![0]!.sdk.packageVersion).toBe('4.0.0');
    expect(runs[1]![0]!.sdk.packageVersion).toBe('4.0.1');
  });
});
