import { readdirSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { diffVersions } from '../../generator/diff/diff.js';
import { renderMarkdown } from '../../generator/diff/report.js';
import { existsSync } from 'node:fs';
import { emitPackage } from '../../generator/emit/package.js';
import { buildPackageIr, generate, GENERATOR_VERSION } from '../../generator/generate.js';
import { BUILTIN_TEMPLATES, Templates } from '../../generator/templates.js';
import { petsDocument, ROOT, tempDir, writeJson } from './helpers.js';

describe('templates', () => {
  it('every packaging and prose artifact has a built-in template', () => {
    const names = readdirSync(BUILTIN_TEMPLATES);
    for (const t of ['README.md.hbs', 'package.json.hbs', 'CHANGELOG.md.hbs', 'API-DIFF.md.hbs', 'tsconfig.json.hbs', 'tsconfig.cjs.json.hbs', 'tsconfig.node.json.hbs']) expect(names).toContain(t);
    const partials = readdirSync(path.join(BUILTIN_TEMPLATES, 'partials'));
    for (const p of ['banner.hbs', 'changelog-entry.hbs', 'api-diff.hbs', 'api-change.hbs', 'build-script.hbs']) expect(partials).toContain(p);
  });

  it('--templates overrides a template and a partial by file name; the rest stay built-in', async () => {
    const dir = tempDir('templates');
    const custom = path.join(dir, 'my-templates');
    mkdirSync(path.join(custom, 'partials'), { recursive: true });
    writeFileSync(path.join(custom, 'README.md.hbs'), '# {{packageName}} for ACME\n\nInternal build of {{title}}.\n');
    writeFileSync(path.join(custom, 'partials', 'banner.hbs'), '// (c) ACME. Generated from {{source}}.\n');
    const doc = writeJson(path.join(dir, 'pets.json'), petsDocument('v4.0'));
    const out = path.join(dir, 'pets');
    const result = await generate({ specs: [doc], out, format: false, templates: custom });
    expect(readFileSync(path.join(out, 'README.md'), 'utf8')).toBe('# @ntnx-sdk/pets for ACME\n\nInternal build of Pets API.\n');
    const api = readFileSync(path.join(out, 'src/v4.0/apis/PetApi.ts'), 'utf8');
    // The banner names the document without this machine's folders: relative to the working folder, or its file name.
    const shown = path.relative(process.cwd(), doc).startsWith('..') ? path.basename(doc) : path.relative(process.cwd(), doc);
    expect(api.startsWith(`// (c) ACME. Generated from ${shown}.\n`)).toBe(true);
    expect([...result.files.keys()].filter((f) => f.endsWith('.ts') && !result.files.get(f)!.startsWith('// (c) ACME.'))).toEqual([]);
    // Not overridden: still the built-in package.json and CHANGELOG.
    expect(JSON.parse(readFileSync(path.join(out, 'package.json'), 'utf8')).sideEffects).toBe(false);
    expect(readFileSync(path.join(out, 'CHANGELOG.md'), 'utf8')).toContain('# Changelog');
  });

  it('writes the LICENSE its license field names, from an overridable template; none for UNLICENSED', async () => {
    const dir = tempDir('license');
    const doc = writeJson(path.join(dir, 'pets.json'), petsDocument('v4.0'));
    const { sdk } = await buildPackageIr({ specs: [doc] });
    const emit = (license: string | undefined, templates = new Templates()) =>
      emitPackage(sdk, { templates, generatorVersion: GENERATOR_VERSION, ...(license ? { license } : {}) });

    const apache = emit(undefined);
    expect(JSON.parse(apache.get('package.json')!)).toMatchObject({ license: 'Apache-2.0', files: expect.arrayContaining(['LICENSE']) });
    expect(apache.get('LICENSE')).toBe(readFileSync(path.join(ROOT, 'LICENSE'), 'utf8'));
    expect(apache.get('LICENSE')).toMatch(/^\s+Apache License\n\s+Version 2\.0, January 2004\n/);
    expect(apache.get('LICENSE')).toContain('END OF TERMS AND CONDITIONS');

    const mit = emit('MIT').get('LICENSE')!;
    expect(mit).toMatch(/^MIT License\n\nCopyright \(c\) the @ntnx-sdk\/pets authors\n/);
    expect(mit).toContain('THE SOFTWARE IS PROVIDED "AS IS"');

    for (const none of ['UNLICENSED', 'SEE LICENSE IN EULA.txt']) expect(emit(none).has('LICENSE'), none).toBe(false);

    // A licence without a built-in text: the user's template, or a clear stop.
    const custom = path.join(dir, 'my-templates');
    mkdirSync(path.join(custom, 'licenses'), { recursive: true });
    writeFileSync(path.join(custom, 'licenses', 'BSD-3-Clause.hbs'), 'Copyright (c) 2026 ACME Corp.\n');
    writeFileSync(path.join(custom, 'licenses', 'MIT.hbs'), 'MIT License\n\nCopyright (c) 2026 ACME Corp.\n');
    expect(emit('BSD-3-Clause', new Templates(custom)).get('LICENSE')).toBe('Copyright (c) 2026 ACME Corp.\n');
    expect(emit('MIT', new Templates(custom)).get('LICENSE')).toBe('MIT License\n\nCopyright (c) 2026 ACME Corp.\n');
    expect(() => emit('GPL-3.0-only')).toThrow('no licence text for "GPL-3.0-only" (the package\'s license field): put the text in licenses/GPL-3.0-only.hbs of a --templates folder');
    const out = path.join(dir, 'gpl');
    await expect(generate({ specs: [doc], out, format: false, license: 'GPL-3.0-only' })).rejects.toThrow(/no licence text/);
    expect(existsSync(out)).toBe(false);
  });

  it('the diff report and CHANGELOG use the same overridable partials', async () => {
    const dir = tempDir('templates');
    mkdirSync(path.join(dir, 'partials'), { recursive: true });
    writeFileSync(path.join(dir, 'partials', 'api-change.hbs'), '* [{{#if breaking}}BREAKING{{else}}ok{{/if}}] {{location}}\n');
    const a = (await buildPackageIr({ specs: [path.join(ROOT, 'specs/volumes/v4.0.yaml')] })).sdk.versions[0]!;
    const b = (await buildPackageIr({ specs: [path.join(ROOT, 'specs/volumes/v4.1.yaml')] })).sdk.versions[0]!;
    const md = renderMarkdown(diffVersions(a, b), new Templates(dir));
    expect(md).toContain('* [ok] VolumeGroupsApi.attachNvmfClient\n');
    expect(md).toContain('* [BREAKING] volumes.config.UpdateVolumeGroupByIdApiResponse\n');
    expect(md).not.toContain('- **added**');
  });

  it('a missing templates folder is an error, not a silent fallback', () => {
    expect(() => new Templates(path.join(ROOT, 'no-such-templates'))).toThrow(/templates folder not found/);
  });
});
