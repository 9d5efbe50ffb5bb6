import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readEntries, SNAPSHOT_FILE } from '../../generator/diff/changelog.js';
import { generate } from '../../generator/generate.js';
import { petsDocument, readTree, ROOT, tempDir, writeJson } from './helpers.js';

describe('regeneration', () => {
  it('an unchanged real document regenerates byte-identical output (formatted)', async () => {
    const dir = tempDir('regen');
    const out = path.join(dir, 'multidomain');
    const options = { specs: [path.join(ROOT, 'specs/multidomain/v4.2.yaml')], out, format: true, formatCache: path.join(dir, 'cache.json') };
    await generate(options);
    const first = readTree(out);
    const second = await generate(options);
    expect(second.changes?.empty).toBe(true);
    const again = readTree(out);
    expect([...again.keys()]).toEqual([...first.keys()]);
    for (const [file, text] of first) expect(again.get(file), file).toBe(text);
    expect(first.has('CHANGELOG.md')).toBe(true);
    expect(first.has(SNAPSHOT_FILE)).toBe(true);
  });

  it('writes a CHANGELOG entry for a new release, and warns about renamed symbols', async () => {
    const dir = tempDir('changelog');
    const out = path.join(dir, 'pets');
    const v1 = writeJson(path.join(dir, 'v4.0.json'), petsDocument('v4.0'));
    await generate({ specs: [v1], out, format: false });
    const initial = readFileSync(path.join(out, 'CHANGELOG.md'), 'utf8');
    expect(initial).toContain('## 4.0.0\n');
    expect(initial).toContain('First generation of `@ntnx-sdk/pets`');

    // Next release: an operation renamed, a model field added.
    const v2 = writeJson(
      path.join(dir, 'v4.0.json'),
      petsDocument('v4.0', (doc) => {
        doc.info = { title: 'Pets API', version: '4.0.2' };
        (doc.paths['/pets/v4.0/config/pets']!.get as { operationId: string }).operationId = 'listAllPets';
        (doc.components.schemas['pets.v4.0.config.Pet'] as { properties: Record<string, unknown> }).properties.color = { type: 'string' };
      }),
    );
    const lines: string[] = [];
    const result = await generate({ specs: [v2], out, format: false, log: (l) => lines.push(l) });
    expect(result.changes?.bump).toBe('major');
    expect(lines).toContain('warning: @ntnx-sdk/pets v4.0: generated name changed: PetApi.listPets -> PetApi.listAllPets (method, GET /pets/v4.0/config/pets)');
    const changelog = readFileSync(path.join(out, 'CHANGELOG.md'), 'utf8');
    const entries = readEntries(changelog);
    expect(entries.map((e) => e.version)).toEqual(['5.0.0', '4.0.0']);
    expect(entries[0]!.text).toContain('Changes since 4.0.0: a **major** release (code compiled against the previous version can break).');
    expect(entries[0]!.text).toContain('- `PetApi.listPets` is now `PetApi.listAllPets` (method, GET /pets/v4.0/config/pets)');
    expect(entries[0]!.text).toContain('- **renamed** operation `PetApi.listAllPets`: Operation `GET /pets/v4.0/config/pets` was renamed from `listPets` to `listAllPets`.');
    expect(entries[0]!.text).toContain('- **added** field `pets.config.Pet.color`');
    expect(entries[1]!.text).toBe(readEntries(initial)[0]!.text);

    // Generating the same release again keeps one entry for it, and changes nothing.
    const before = readTree(out);
    const rerun = await generate({ specs: [v2], out, format: false });
    expect(rerun.changes?.empty).toBe(true); // nothing since the last run; the entry still covers 4.0.0 -> 5.0.0
    expect(readTree(out)).toEqual(before);
  });

  it('records a new API version side by side', async () => {
    const dir = tempDir('versions');
    const out = path.join(dir, 'pets');
    const v40 = writeJson(path.join(dir, 'v4.0.json'), petsDocument('v4.0'));
    await generate({ specs: [v40], out, format: false });
    const v41 = writeJson(path.join(dir, 'v4.1.json'), petsDocument('v4.1'));
    const result = await generate({ specs: [v40, v41], out, format: false });
    expect(result.sdk.versions.map((v) => v.label)).toEqual(['v4.0', 'v4.1']);
    expect(result.changes?.addedVersions).toEqual(['v4.1']);
    const entry = readEntries(readFileSync(path.join(out, 'CHANGELOG.md'), 'utf8'))[0]!.text;
    expect(entry).toContain('- Added API version `v4.1`.');
    expect(entry).toContain('### Moving from `v4.0` to `v4.1`');
    const pkg = JSON.parse(readFileSync(path.join(out, 'package.json'), 'utf8')) as { version: string; exports: Record<string, unknown> };
    expect(pkg.version).toBe('4.1.0');
    expect(Object.keys(pkg.exports)).toEqual(expect.arrayContaining(['.', './v4.0', './v4.1', './v4.0/config', './v4.1/config', './node', './package.json']));
  });

  it('an overridden package version is used as is', async () => {
    const dir = tempDir('override');
    const out = path.join(dir, 'pets');
    const doc = writeJson(path.join(dir, 'v4.0.json'), petsDocument('v4.0'));
    await generate({ specs: [doc], out, format: false, packageVersion: '7.1.0' });
    const pkg = JSON.parse(readFileSync(path.join(out, 'package.json'), 'utf8')) as { version: string };
    expect(pkg.version).toBe('7.1.0');
    expect(readFileSync(path.join(out, 'CHANGELOG.md'), 'utf8')).toContain('## 7.1.0\n');
  });
});
