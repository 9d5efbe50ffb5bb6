/**
 * The version policy (generator/diff/version.ts) and the package-level verdict on the real pairs
 * of specs/: versions only go up, adding an API version is minor, a change inside an API version
 * that stays can be major, and the CHANGELOG guides the move from one API version to the next.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { load } from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { readEntries, SNAPSHOT_FILE, VERSION_PLACEHOLDER } from '../../generator/diff/changelog.js';
import { compareSources, RELEASE_RECORD, sourcePackageVersion } from '../../generator/diff/surface.js';
import { compareVersions, distTag, firstVersion, nextVersion, VersionPolicyError } from '../../generator/diff/version.js';
import { generate, generateFamily } from '../../generator/generate.js';
import { petsDocument, ROOT, tempDir, writeJson } from './helpers.js';

const spec = (ns: string, file: string) => path.join(ROOT, 'specs', ns, file);
const manifest = (dir: string) => JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as { version: string; publishConfig?: { tag: string }; 'ntnx-sdkgen': { generator: string; apiVersions: Record<string, string> } };
/** Makes the snapshot in `dir` say its files were other ones (as the edits on disk make them), written by `header.generator`. */
const olderSnapshot = (dir: string, header: { generator?: string }) => {
  const snapshot = path.join(dir, SNAPSHOT_FILE);
  const [head, ...rest] = readFileSync(snapshot, 'utf8').split('\n');
  writeFileSync(snapshot, [JSON.stringify({ ...(JSON.parse(head!) as object), ...header, contentHash: 'older' }), ...rest].join('\n'));
};
const newestEntry = (dir: string) => readEntries(readFileSync(path.join(dir, 'CHANGELOG.md'), 'utf8'))[0]!;

describe('version policy', () => {
  it('orders versions as semver does (pre-releases before their release, build metadata ignored)', () => {
    const sorted = ['4.1.0', '4.0.0', '4.1.0-beta.2.0', '4.1.0-alpha.3.0', '4.1.0-beta.2.1', '4.0.1', '10.0.0', '4.1.0-beta.10.0'].sort(compareVersions);
    expect(sorted).toEqual(['4.0.0', '4.0.1', '4.1.0-alpha.3.0', '4.1.0-beta.2.0', '4.1.0-beta.2.1', '4.1.0-beta.10.0', '4.1.0', '10.0.0']);
    expect(compareVersions('4.2.1+gen.0.1.0', '4.2.1+gen.0.2.0')).toBe(0);
  });

  it('the first version comes from the newest API version label, never from info.version', () => {
    expect(firstVersion('v4.0')).toBe('4.0.0');
    expect(firstVersion('v4.3')).toBe('4.3.0');
    expect(firstVersion('v4.1.b2')).toBe('4.1.0-beta.2.0');
    expect(firstVersion('v4.0.a3')).toBe('4.0.0-alpha.3.0');
    expect(firstVersion('v3')).toBe('3.0.0');
  });

  it('goes up by the bump, keeps the version when nothing changed, and never goes down', () => {
    expect(nextVersion({ previous: '4.2.0', bump: 'minor', newestLabel: 'v4.3' })).toBe('4.3.0');
    expect(nextVersion({ previous: '4.3.0', bump: 'patch', newestLabel: 'v4.3' })).toBe('4.3.1');
    expect(nextVersion({ previous: '4.3.1', bump: 'major', newestLabel: 'v4.3' })).toBe('5.0.0');
    expect(nextVersion({ previous: '4.3.1', bump: 'none', newestLabel: 'v4.3' })).toBe('4.3.1');
    // 0.x as npm's caret reads it: the minor is what breaks.
    expect(nextVersion({ previous: '0.3.1', bump: 'major', newestLabel: 'v0' })).toBe('0.4.0');
    expect(nextVersion({ previous: '0.3.1', bump: 'minor', newestLabel: 'v0' })).toBe('0.3.2');
    // Pre-release API versions: pre-release package versions, counted per generation.
    expect(nextVersion({ previous: '4.0.0', bump: 'minor', newestLabel: 'v4.1.b2' })).toBe('4.1.0-beta.2.0');
    expect(nextVersion({ previous: '4.1.0-beta.2.0', bump: 'patch', newestLabel: 'v4.1.b2' })).toBe('4.1.0-beta.2.1');
    expect(nextVersion({ previous: '4.1.0-beta.2.1', bump: 'minor', newestLabel: 'v4.1.b3' })).toBe('4.1.0-beta.3.0');
    expect(nextVersion({ previous: '4.1.0-beta.3.0', bump: 'minor', newestLabel: 'v4.1' })).toBe('4.1.0');
    // An explicit version is used as given, but not below the previous one.
    expect(nextVersion({ previous: '4.3.0', bump: 'minor', newestLabel: 'v4.3', override: '7.0.0' })).toBe('7.0.0');
    expect(() => nextVersion({ previous: '4.3.0', bump: 'minor', newestLabel: 'v4.3', override: '1.0.0' })).toThrow(VersionPolicyError);
    expect(() => nextVersion({ previous: '4.3.0', bump: 'patch', newestLabel: 'v4.3', override: '4.3.0' })).toThrow(/the package changed/);
    expect(() => nextVersion({ previous: '4.1.0-beta.3.0', bump: 'patch', newestLabel: 'v4.1.a1' })).toThrow(/would not be higher/);
  });

  it('pre-releases are published under next, releases under latest', () => {
    expect(distTag('4.1.0-beta.2.0')).toBe('next');
    expect(distTag('4.1.0')).toBe('latest');
  });

  it('compares hand-written sources by their declarations: removed is major, added is minor', () => {
    const before = new Map([['index.ts', `export interface Config {\n  readonly host?: string;\n}\nexport function connect(config: Config): string {\n  return config.host ?? '';\n}\n`]]);
    const added = new Map([['index.ts', before.get('index.ts')!.replace('readonly host?: string;', 'readonly host?: string;\n  readonly port?: number;') + 'export const VERSION = 1;\n']]);
    const bodyOnly = new Map([['index.ts', before.get('index.ts')!.replace("?? ''", "?? 'localhost'")]]);
    const removed = new Map([['index.ts', `export interface Config {\n  readonly port?: number;\n}\n`]]);
    expect(compareSources(before, bodyOnly).bump).toBe('none');
    const minor = compareSources(before, added);
    expect(minor).toMatchObject({ bump: 'minor', removed: [] });
    expect(minor.added).toEqual(['./: export declare const VERSION = 1;', './: export interface Config { > readonly port?: number;']);
    const major = compareSources(before, removed);
    expect(major.bump).toBe('major');
    expect(major.removed).toContain('./: export declare function connect(config: Config): string;');
  }, 60_000);

  it('a declaration that moves between the files of one folder has not changed (a file per declaration -> a file per module)', () => {
    const perFile = new Map([
      ['models/ahv/Vm.ts', 'export class Vm {\n  name?: string;\n}\n'],
      ['models/ahv/Disk.ts', "import { Vm } from './Vm.js';\nexport interface Disk {\n  vm?: Vm;\n}\n"],
      ['models/ahv/index.ts', "export * from './Vm.js';\nexport * from './Disk.js';\n"],
    ]);
    const perModule = new Map([['models/ahv/index.ts', 'export class Vm {\n  name?: string;\n}\nexport interface Disk {\n  vm?: Vm;\n}\n']]);
    expect(compareSources(perFile, perModule)).toEqual({ bump: 'none', removed: [], added: [] });
    // Into another folder (another import path), it is removed from the first.
    const moved = new Map([['models/esxi/index.ts', perModule.get('models/ahv/index.ts')!]]);
    expect(compareSources(perFile, moved)).toMatchObject({ bump: 'major', removed: ['models/ahv/: export declare class Vm { > name?: string;', 'models/ahv/: export declare class Vm {', 'models/ahv/: export interface Disk { > vm?: Vm;', 'models/ahv/: export interface Disk {', 'models/ahv/: }'].sort() });
  }, 60_000);
});

describe('packages made of sources (a runtime package, a shared-models package)', () => {
  it('go up by the same policy: declarations removed -> major, added -> minor, other files -> patch, nothing -> same', () => {
    const dir = tempDir('versions-sources');
    const manifestText = (version: string) => JSON.stringify({ name: '@ntnx-sdk/runtime', version, type: 'module' }, null, 2) + '\n';
    const files = (version: string, index: string, readme = '# runtime\n') =>
      new Map([
        ['package.json', manifestText(version)],
        ['README.md', readme],
        ['src/index.ts', index],
      ]);
    const write = (map: Map<string, string>) => {
      for (const [file, text] of map) {
        mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
        writeFileSync(path.join(dir, file), text);
      }
    };
    const step = (index: string, readme?: string) => {
      const map = files(VERSION_PLACEHOLDER, index, readme);
      const result = sourcePackageVersion({ packageDir: dir, files: map, placeholder: VERSION_PLACEHOLDER });
      expect(JSON.parse(map.get('package.json')!)).toMatchObject({ version: result.version });
      write(map);
      return result;
    };
    const v1 = 'export function connect(host: string): string {\n  return host;\n}\n';
    expect(step(v1).version).toBe('1.0.0');
    expect(step(v1).version).toBe('1.0.0');
    expect(step(v1, '# runtime\n\nNew words.\n')).toMatchObject({ version: '1.0.1', bump: 'patch' });
    const v2 = v1 + 'export const DEFAULT_PORT = 9440;\n';
    expect(step(v2, '# runtime\n\nNew words.\n')).toMatchObject({ version: '1.1.0', bump: 'minor' });
    const v3 = 'export function connect(host: string, port: number): string {\n  return `${host}:${port}`;\n}\nexport const DEFAULT_PORT = 9440;\n';
    const major = step(v3, '# runtime\n\nNew words.\n');
    expect(major).toMatchObject({ version: '2.0.0', bump: 'major' });
    expect(major.change.removed).toEqual(['./: export declare function connect(host: string): string;']);
    // The version last published wins when it is higher.
    expect(sourcePackageVersion({ packageDir: dir, files: files(VERSION_PLACEHOLDER, v3, '# runtime\n\nNew words.\n'), placeholder: VERSION_PLACEHOLDER, publishedVersion: '2.3.0' }).version).toBe('2.3.0');
  }, 120_000);
});

describe('a family: runtime, shared models and namespace packages', () => {
  it('the runtime gets its version from its declarations, and a package that re-exports it follows it', async () => {
    const dir = tempDir('versions-family');
    const out = path.join(dir, 'output');
    const doc = writeJson(path.join(dir, 'specs', 'v4.0.json'), petsDocument('v4.0'));
    // `force`: the folder is edited by hand below, which the up-to-date check (inputs only) cannot see.
    const family = (force = false) => generateFamily({ members: [{ namespace: 'pets', specs: [doc], out: path.join(out, 'pets'), ...(force ? { force } : {}) }], out, format: false, ...(force ? { force } : {}) });
    const first = await family();
    expect([first.runtime.packageVersion, first.members[0]!.sdk.packageVersion]).toEqual(['1.0.0', '4.0.0']);
    const again = await family();
    expect([again.runtime.packageVersion, again.members[0]!.sdk.packageVersion]).toEqual(['1.0.0', '4.0.0']);

    // As if the previous runtime had a function the new one does not.
    const index = path.join(out, 'runtime', 'src', 'index.ts');
    writeFileSync(index, readFileSync(index, 'utf8') + 'export function connectLegacy(host: string): string {\n  return host;\n}\n');
    const record = path.join(out, 'runtime', RELEASE_RECORD);
    writeFileSync(record, JSON.stringify({ ...(JSON.parse(readFileSync(record, 'utf8')) as object), contentHash: 'older' }));
    const broken = await family(true);
    expect(broken.runtime.packageVersion).toBe('2.0.0');
    expect(manifest(path.join(out, 'runtime')).version).toBe('2.0.0');
    // The runtime's own CHANGELOG says why: the declaration it lost.
    const runtimeLog = readFileSync(path.join(out, 'runtime', 'CHANGELOG.md'), 'utf8');
    expect(runtimeLog).toMatch(/## 2\.0\.0\n\n- \*\*Breaking\*\*: declaration changed or removed: `[^`]*connectLegacy/);
    expect(runtimeLog).toContain('## 1.0.0\n\nFirst release of `@ntnx-sdk/runtime`.');
    const pets = broken.members[0]!;
    expect(pets.sdk.packageVersion).toBe('5.0.0');
    expect((JSON.parse(readFileSync(path.join(out, 'pets', 'package.json'), 'utf8')) as { dependencies: Record<string, string> }).dependencies['@ntnx-sdk/runtime']).toBe('^2.0.0');
    expect(newestEntry(path.join(out, 'pets')).text).toContain('- **Breaking**: Depends on `@ntnx-sdk/runtime` ^2.0.0 (was ^1.0.0), which it re-exports.');
  }, 120_000);
});

describe('package versions on the real pairs of specs/', () => {
  const pairs = [
    { ns: 'multidomain', first: ['v4.2.yaml'], next: ['v4.2.yaml', 'v4.3.yaml'], versions: ['4.2.0', '4.3.0'], added: 'v4.3', from: 'v4.2' },
    { ns: 'volumes', first: ['v4.0.yaml'], next: ['v4.0.yaml', 'v4.1.yaml'], versions: ['4.0.0', '4.1.0'], added: 'v4.1', from: 'v4.0' },
    { ns: 'iam', first: ['v4.0.yaml'], next: ['v4.0.yaml', 'v4.1.b2.yaml'], versions: ['4.0.0', '4.1.0-beta.2.0'], added: 'v4.1.b2', from: 'v4.0' },
  ];

  for (const pair of pairs) {
    it(`${pair.ns}: ${pair.first.join(' + ')} -> ${pair.next.join(' + ')} goes up by a minor release, with a migration guide`, async () => {
      const out = path.join(tempDir(`versions-${pair.ns}`), pair.ns);
      const first = await generate({ specs: pair.first.map((f) => spec(pair.ns, f)), out, format: false });
      expect(first.sdk.packageVersion).toBe(pair.versions[0]);
      const second = await generate({ specs: pair.next.map((f) => spec(pair.ns, f)), out, format: false });
      expect(second.sdk.packageVersion).toBe(pair.versions[1]);
      expect(compareVersions(second.sdk.packageVersion, first.sdk.packageVersion)).toBe(1);
      expect(second.changes).toMatchObject({ bump: 'minor', addedVersions: [pair.added], removedVersions: [] });

      const pkg = manifest(out);
      expect(pkg.version).toBe(pair.versions[1]);
      expect(pkg['ntnx-sdkgen'].apiVersions).toEqual(Object.fromEntries(second.sdk.versions.map((v) => [v.label, v.info.version])));
      expect(pkg.publishConfig?.tag).toBe(pair.added.includes('.b') ? 'next' : undefined);

      const entry = newestEntry(out);
      expect(entry.version).toBe(pair.versions[1]);
      expect(entry.text).toContain(`Changes since ${pair.versions[0]}: a **minor** release (new API, nothing that compiled before breaks).`);
      expect(entry.text).toContain(`- Added API version \`${pair.added}\`.`);
      expect(entry.text).toContain(`### Moving from \`${pair.from}\` to \`${pair.added}\``);
      // The migration guide lists what changes between the versions, breaking ones included,
      // without making the package's release breaking.
      const migration = second.changes!.migrations[0]!;
      expect(migration.changes.length).toBeGreaterThan(0);
      if (migration.summary.breaking > 0) expect(entry.text).toMatch(/### Moving from [\s\S]*#### Breaking changes/);

      // Generating the same documents again changes nothing, so the version stays.
      const again = await generate({ specs: pair.next.map((f) => spec(pair.ns, f)), out, format: false });
      expect(again.sdk.packageVersion).toBe(pair.versions[1]);
    }, 120_000);
  }

  it('multidomain v4.3 says info.version 1.0.0, and the package still goes up from 4.2.0', async () => {
    const out = path.join(tempDir('versions-info'), 'multidomain');
    await generate({ specs: [spec('multidomain', 'v4.2.yaml')], out, format: false });
    const result = await generate({ specs: [spec('multidomain', 'v4.2.yaml'), spec('multidomain', 'v4.3.yaml')], out, format: false });
    expect(result.sdk.versions.at(-1)!.info.version).toBe('1.0.0');
    expect(result.sdk.packageVersion).toBe('4.3.0');
    expect(readFileSync(path.join(out, 'README.md'), 'utf8')).toContain('| `v4.3` | 1.0.0 |');
  }, 120_000);

  it('a document re-released under the same API version without a field is a major release', async () => {
    const dir = tempDir('versions-rerelease');
    const out = path.join(dir, 'multidomain');
    await generate({ specs: [spec('multidomain', 'v4.2.yaml')], out, format: false });
    const doc = load(readFileSync(spec('multidomain', 'v4.2.yaml'), 'utf8')) as { components: { schemas: Record<string, { allOf: { properties?: Record<string, unknown> }[] }> } };
    const repository = doc.components.schemas['multidomain.v4.2.config.ExternalRepository']!.allOf.find((s) => s.properties)!;
    delete repository.properties!.ownerExtId;
    const edited = writeJson(path.join(dir, 'v4.2.json'), doc);
    const result = await generate({ specs: [edited], out, format: false });
    expect(result.sdk.packageVersion).toBe('5.0.0');
    expect(result.changes?.bump).toBe('major');
    const entry = newestEntry(out).text;
    expect(entry).toContain('Changes since 4.2.0: a **major** release (code compiled against the previous version can break).');
    expect(entry).toContain('### Changes in `v4.2` (4.2.1 -> 4.2.1)');
    expect(entry).toMatch(/\*\*removed\*\* field `multidomain\.config\.ExternalRepository\.ownerExtId`/);
  }, 120_000);

  it('output that changes with the same API is a patch release; a runtime that lost declarations is major', async () => {
    const dir = tempDir('versions-generator');
    const out = path.join(dir, 'multidomain');
    const specs = [spec('multidomain', 'v4.2.yaml')];
    await generate({ specs, out, format: false });
    // Other templates stand for a newer generator whose output differs.
    mkdirSync(path.join(dir, 'templates', 'partials'), { recursive: true });
    writeFileSync(path.join(dir, 'templates', 'partials', 'banner.hbs'), '// Generated from {{source}} by a newer generator.\n');
    const patched = await generate({ specs, out, format: false, templates: path.join(dir, 'templates') });
    expect(patched.sdk.packageVersion).toBe('4.2.1');
    expect(newestEntry(out).text).toContain('- Generated code changed, with the same public API');

    // The previous generation's runtime had a declaration the new one does not.
    const index = path.join(out, 'src', 'runtime', 'index.ts');
    writeFileSync(index, readFileSync(index, 'utf8') + 'export function connectLegacy(host: string): string {\n  return host;\n}\n');
    olderSnapshot(out, {});
    // `force`: the folder was edited by hand, which the up-to-date check (inputs only) cannot see.
    const broken = await generate({ specs, out, format: false, templates: path.join(dir, 'templates'), force: true });
    expect(broken.sdk.packageVersion).toBe('5.0.0');
    expect(newestEntry(out).text).toContain('- **Breaking**: The runtime: public declarations changed or were removed: ./: export declare function connectLegacy(host: string): string;');
  }, 120_000);

  it('after a generator upgrade with the same API, the declarations of all the generated code are compared', async () => {
    const out = path.join(tempDir('versions-upgrade'), 'multidomain');
    const specs = [spec('multidomain', 'v4.2.yaml')];
    await generate({ specs, out, format: false });
    // As if an older generator had written the folder, with a function the new one no longer emits.
    olderSnapshot(out, { generator: '0.0.1' });
    const api = path.join(out, 'src', 'v4.2', 'apis', 'ExternalRepositoriesApi.ts');
    writeFileSync(api, readFileSync(api, 'utf8') + 'export function listAllRepositories(): string[] {\n  return [];\n}\n');
    const result = await generate({ specs, out, format: false, force: true });
    expect(result.sdk.packageVersion).toBe('5.0.0');
    expect(newestEntry(out).text).toContain(
      `- **Breaking**: The generated code (generator 0.0.1 -> ${manifest(out)['ntnx-sdkgen'].generator}): public declarations changed or were removed: v4.2/apis/: export declare function listAllRepositories(): string[];`,
    );
  }, 120_000);

  it('a generation that was never published is replaced, not built upon (--previous-version)', async () => {
    const dir = tempDir('versions-unpublished');
    const out = path.join(dir, 'multidomain');
    await generate({ specs: [spec('multidomain', 'v4.2.yaml')], out, format: false }); // 4.2.0, published
    const both = [spec('multidomain', 'v4.2.yaml'), spec('multidomain', 'v4.3.yaml')];
    expect((await generate({ specs: both, out, format: false })).sdk.packageVersion).toBe('4.3.0'); // not published
    mkdirSync(path.join(dir, 'templates', 'partials'), { recursive: true });
    writeFileSync(path.join(dir, 'templates', 'partials', 'banner.hbs'), '// Generated from {{source}}.\n');
    const templates = path.join(dir, 'templates');
    const replaced = await generate({ specs: both, out, format: false, templates, previousVersion: '4.2.0' });
    expect(replaced.sdk.packageVersion).toBe('4.3.0');
    expect(readEntries(readFileSync(path.join(out, 'CHANGELOG.md'), 'utf8')).map((e) => e.version)).toEqual(['4.3.0', '4.2.0']);
    expect(newestEntry(out).text).toContain('Changes since 4.2.0: a **minor** release');
    // Without it, the generation in the folder counts as released.
    const next = await generate({ specs: both, out, format: false, templates });
    expect(next.sdk.packageVersion).toBe('4.3.0'); // nothing changed since the last run
    writeFileSync(path.join(dir, 'templates', 'partials', 'banner.hbs'), '// Generated from {{source}}, again.\n');
    expect((await generate({ specs: both, out, format: false, templates })).sdk.packageVersion).toBe('4.3.1');
  }, 120_000);

  it('an explicit version lower than the previous one is refused, and nothing is written', async () => {
    const out = path.join(tempDir('versions-lower'), 'multidomain');
    await generate({ specs: [spec('multidomain', 'v4.2.yaml')], out, format: false, packageVersion: '4.2.5' });
    const before = readFileSync(path.join(out, 'package.json'), 'utf8');
    await expect(generate({ specs: [spec('multidomain', 'v4.2.yaml'), spec('multidomain', 'v4.3.yaml')], out, format: false, packageVersion: '4.2.1' })).rejects.toThrow(
      'package version 4.2.1 is lower than the previous version 4.2.5: versions only go up',
    );
    expect(readFileSync(path.join(out, 'package.json'), 'utf8')).toBe(before);
    expect(existsSync(path.join(out, 'src', 'v4.3'))).toBe(false);
  }, 120_000);
});
