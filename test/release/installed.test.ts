/**
 * The generator as another project gets it: `npm pack` of this repository, installed into an
 * empty folder outside it without dev dependencies, runs `ntnx-sdkgen generate` and
 * `generate-all` with the templates and runtime it carries.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { petsDocument, ROOT, writeJson } from './helpers.js';

const run = promisify(execFile);
const NPM = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const NPX = process.platform === 'win32' ? 'npx.cmd' : 'npx';
const ENV = { ...process.env, npm_config_update_notifier: 'false', npm_config_fund: 'false', npm_config_audit: 'false' };

describe('the generator installed from its tarball', () => {
  let work: string;
  let project: string;
  let files: string[];

  beforeAll(async () => {
    work = mkdtempSync(path.join(os.tmpdir(), 'ntnx-sdkgen-installed-'));
    // `prepare` builds the CLI into dist/ before packing.
    const { stdout } = await run(NPM, ['pack', '--json', '--pack-destination', work], { cwd: ROOT, env: ENV, maxBuffer: 64 << 20 });
    const [info] = JSON.parse(stdout.slice(stdout.indexOf('['))) as { filename: string; files: { path: string }[] }[];
    files = info!.files.map((f) => f.path);
    project = path.join(work, 'project');
    mkdirSync(project);
    writeFileSync(path.join(project, 'package.json'), JSON.stringify({ name: 'api-sdks', private: true, version: '1.0.0' }));
    // From the npm cache when it has every dependency (it does after `npm ci` here), else from the registry.
    await run(NPM, ['install', '--omit=dev', '--prefer-offline', path.join(work, info!.filename)], { cwd: project, env: ENV });
  }, 240_000);

  afterAll(() => {
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('the tarball holds the built CLI, its sources, templates and runtime; no tests, specs or benchmarks', () => {
    for (const f of ['bin/ntnx-sdkgen.js', 'dist/ntnx-sdkgen.mjs', 'generator/cli.ts', 'templates/package.json.hbs', 'templates/licenses/Apache-2.0.hbs', 'templates/docs/operation.html.hbs', 'runtime/client.ts', 'LICENSE', 'README.md', 'package.json']) {
      expect(files, f).toContain(f);
    }
    expect(files.filter((f) => /^(test|specs|bench|scripts|\.ci|output)\//.test(f) || f.endsWith('.test.ts'))).toEqual([]);
    // Dev dependencies stayed out.
    expect(existsSync(path.join(project, 'node_modules', 'vitest'))).toBe(false);
    expect(existsSync(path.join(project, 'node_modules', 'playwright-core'))).toBe(false);
  });

  it('generates one package with `npx ntnx-sdkgen generate`', async () => {
    const doc = writeJson(path.join(project, 'apis', 'pets.json'), petsDocument('v4.0'));
    const { stderr } = await run(NPX, ['--no-install', 'ntnx-sdkgen', 'generate', '--spec', doc, '--out', 'sdk/pets'], { cwd: project, env: ENV });
    expect(stderr).toMatch(/wrote \d+ files to sdk\/pets/);
    const out = path.join(project, 'sdk', 'pets');
    expect(JSON.parse(readFileSync(path.join(out, 'package.json'), 'utf8'))).toMatchObject({ name: '@ntnx-sdk/pets', license: 'Apache-2.0' });
    for (const f of ['LICENSE', 'README.md', 'src/index.ts', 'src/runtime/client.ts', 'src/v4.0/apis/PetApi.ts']) expect(existsSync(path.join(out, f)), f).toBe(true);
  });

  it('generates a folder of documents with `npx ntnx-sdkgen generate-all`, the reference site included', async () => {
    writeJson(path.join(project, 'specs', 'pets', 'v4.0.json'), petsDocument('v4.0'));
    writeJson(path.join(project, 'specs', 'pets', 'v4.1.json'), petsDocument('v4.1'));
    const { stderr } = await run(NPX, ['--no-install', 'ntnx-sdkgen', 'generate-all', '--specs', 'specs', '--out', 'output'], { cwd: project, env: ENV });
    expect(stderr).toMatch(/generated 1 packages? .*in output/);
    const out = path.join(project, 'output', 'pets');
    expect(readdirSync(path.join(out, 'src')).sort()).toEqual(['index.ts', 'runtime', 'v4.0', 'v4.1']);
    expect(existsSync(path.join(out, 'docs', 'index.html'))).toBe(true);
  });
});
