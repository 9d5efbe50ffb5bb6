/**
 * A family generated in one thread and in worker threads is the same; a package, a family
 * or a member of a family generated from the same inputs is left alone; a failed generation
 * leaves the previous output as it was.
 */
import { appendFileSync, copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { generate, generateFamily } from '../../generator/generate.js';
import { INPUTS_FILE } from '../../generator/fresh.js';
import { GeneratorError } from '../../generator/load/diagnostics.js';
import { petsDocument, readTree, ROOT, tempDir, writeJson } from '../release/helpers.js';

const spec = (rel: string) => path.join(ROOT, 'specs', rel);

function jobs(outDir: string, docs: { namespace: string; specs: string[] }[]) {
  return docs.map(({ namespace, specs }) => ({ specs, namespace, out: path.join(outDir, namespace), formatCache: path.join(outDir, '.cache', `${namespace}.json`) }));
}

/** Generates the packages one after the other; whether each was up to date. */
async function generateAll(all: ReturnType<typeof jobs>): Promise<boolean[]> {
  const unchanged: boolean[] = [];
  for (const job of all) unchanged.push((await generate(job)).unchanged === true);
  return unchanged;
}

describe('a family', () => {
  it('writes the same packages from worker threads as from one thread, and leaves an unchanged family as it is', async () => {
    const dir = tempDir('family-twice');
    const members = (out: string) => [
      { namespace: 'licensing', specs: [spec('licensing/v4.3.yaml')], out: path.join(out, 'licensing') },
      { namespace: 'storage', specs: [spec('storage/v4.0.a3.yaml')], out: path.join(out, 'storage') },
      { namespace: 'prism', specs: [spec('prism/v4.0.yaml')], out: path.join(out, 'prism') },
    ];
    const firstOut = path.join(dir, 'first');
    const secondOut = path.join(dir, 'second');
    const first = await generateFamily({ members: members(firstOut), out: firstOut, threads: 1 });
    const lines: string[] = [];
    const second = await generateFamily({ members: members(secondOut), out: secondOut, threads: 2, log: (l) => lines.push(l) });
    // Results in the order of the members, whatever order the threads finished in; log lines from the workers.
    expect(second.members.map((m) => m.sdk.packageName)).toEqual(['@ntnx-sdk/licensing', '@ntnx-sdk/storage', '@ntnx-sdk/prism']);
    expect(lines.some((l) => l.startsWith('@ntnx-sdk/storage: '))).toBe(true);
    expect(second.members[2]!.files.get('package.json')).toBe(readFileSync(path.join(secondOut, 'prism', 'package.json'), 'utf8'));
    expect(second.shared?.packageName).toBe(first.shared?.packageName);
    expect(second.members.map((m) => m.files.size)).toEqual(first.members.map((m) => m.files.size));
    for (const name of ['licensing', 'storage', 'prism', 'runtime', 'shared']) {
      const a = readTree(path.join(firstOut, name));
      const b = readTree(path.join(secondOut, name));
      expect(a.size).toBeGreaterThan(5);
      expect([...b.keys()]).toEqual([...a.keys()]);
      for (const [file, text] of a) expect(b.get(file), `${name}/${file}`).toBe(text);
    }

    const stamp = statSync(path.join(secondOut, 'prism', 'package.json')).mtimeMs;
    const again = await generateFamily({ members: members(secondOut), out: secondOut });
    expect(again.unchanged).toBe(true);
    expect(again.members.map((m) => m.sdk.packageName)).toEqual(['@ntnx-sdk/licensing', '@ntnx-sdk/storage', '@ntnx-sdk/prism']);
    expect(statSync(path.join(secondOut, 'prism', 'package.json')).mtimeMs).toBe(stamp);
    // Another option is another generation.
    expect((await generateFamily({ members: members(secondOut), out: secondOut, license: 'MIT' })).unchanged).toBeUndefined();

    // A member that fails: nothing is swapped in, nothing is left behind.
    const before = readTree(path.join(secondOut, 'prism'));
    const templates = path.join(dir, 'templates');
    writeJson(path.join(templates, 'placeholder.json'), {});
    writeFileSync(path.join(templates, 'README.md.hbs'), '{{#each}}');
    await expect(generateFamily({ members: members(secondOut), out: secondOut, templates })).rejects.toThrow();
    expect(readTree(path.join(secondOut, 'prism'))).toEqual(before);
    expect(readdirSync(secondOut).filter((f) => f.includes('.tmp-'))).toEqual([]);
  }, 300_000);
});

describe('a family in worker threads', () => {
  it('regenerates only the member whose document changed', async () => {
    const dir = tempDir('family-one-member');
    const copy = (rel: string) => {
      const to = path.join(dir, 'specs', rel);
      mkdirSync(path.dirname(to), { recursive: true });
      copyFileSync(spec(rel), to);
      return to;
    };
    const licensing = copy('licensing/v4.3.yaml');
    const storage = copy('storage/v4.0.a3.yaml');
    const out = path.join(dir, 'out');
    const members = [
      { namespace: 'licensing', specs: [licensing], out: path.join(out, 'licensing') },
      { namespace: 'storage', specs: [storage], out: path.join(out, 'storage') },
    ];
    await generateFamily({ members, out, threads: 2 });
    const stamp = (name: string) => statSync(path.join(out, name, 'package.json')).mtimeMs;
    const before = Object.fromEntries(['licensing', 'storage', 'runtime', 'shared'].map((n) => [n, stamp(n)]));
    const tree = readTree(path.join(out, 'licensing'));

    // A new release of storage's document (here: an extension the generator ignores).
    appendFileSync(storage, '\nx-release-note: rebuilt\n');
    const again = await generateFamily({ members, out, threads: 2 });
    expect(again.unchanged).toBeUndefined();
    expect(again.members.map((m) => m.unchanged === true)).toEqual([true, false]);
    expect(again.members[0]!.sdk.packageName).toBe('@ntnx-sdk/licensing');
    expect(stamp('storage')).not.toBe(before.storage);
    for (const name of ['licensing', 'runtime', 'shared']) expect(stamp(name), name).toBe(before[name]);
    expect(readTree(path.join(out, 'licensing'))).toEqual(tree);
  }, 180_000);

  it('reports a broken document read in a worker with its diagnostics, and writes nothing', async () => {
    const dir = tempDir('family-broken');
    const out = path.join(dir, 'out');
    const run = generateFamily({
      members: [
        { namespace: 'licensing', specs: [spec('licensing/v4.3.yaml')], out: path.join(out, 'licensing') },
        { namespace: 'broken', specs: [path.join(ROOT, 'test', 'fixtures', 'broken', 'dangling-ref.yaml')], out: path.join(out, 'broken') },
      ],
      out,
      threads: 2,
    });
    const error = await run.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GeneratorError);
    expect((error as GeneratorError).diagnostics.map((d) => d.code)).toContain('dangling-ref');
    expect(existsSync(out) ? readdirSync(out) : []).toEqual([]);
  }, 120_000);
});

describe('regeneration', () => {
  it('leaves a package generated from the same inputs as it is, and regenerates the one whose document changed', async () => {
    const dir = tempDir('unchanged');
    const a = writeJson(path.join(dir, 'a', 'v4.0.json'), petsDocument('v4.0'));
    const b = writeJson(path.join(dir, 'b', 'v4.0.json'), petsDocument('v4.0'));
    const all = jobs(path.join(dir, 'out'), [
      { namespace: 'a', specs: [a] },
      { namespace: 'b', specs: [b] },
    ]);
    expect(await generateAll(all)).toEqual([false, false]);
    const stamp = (ns: string) => statSync(path.join(dir, 'out', ns, 'package.json')).mtimeMs;
    const before = { a: stamp('a'), b: stamp('b'), tree: readTree(path.join(dir, 'out', 'a')) };

    // A new release of b's document: b alone is generated again.
    writeJson(b, petsDocument('v4.0', (doc) => (doc.info = { title: 'Pets API', version: '4.0.2' })));
    expect(await generateAll(all)).toEqual([true, false]);
    expect(stamp('a')).toBe(before.a);
    expect(stamp('b')).not.toBe(before.b);
    expect(readTree(path.join(dir, 'out', 'a'))).toEqual(before.tree);

    // The same inputs once more: nothing is generated; the library says why.
    const third = await generate({ specs: [a], namespace: 'a', out: path.join(dir, 'out', 'a') });
    expect(third.unchanged).toBe(true);
    expect(third.files.size).toBe(0);
    expect(third.changes?.empty).toBe(true);
    expect(third.sdk.packageName).toBe('@ntnx-sdk/a');
    // force, or different options, generate again.
    expect((await generate({ specs: [a], namespace: 'a', out: path.join(dir, 'out', 'a'), force: true })).unchanged).toBeUndefined();
    expect((await generate({ specs: [a], namespace: 'a', out: path.join(dir, 'out', 'a'), license: 'MIT' })).unchanged).toBeUndefined();
    expect(JSON.parse(readFileSync(path.join(dir, 'out', 'a', 'package.json'), 'utf8')).license).toBe('MIT');
  }, 120_000);

  it('a changed template regenerates; a document with references to other files is always regenerated', async () => {
    const dir = tempDir('unchanged-inputs');
    const doc = writeJson(path.join(dir, 'v4.0.json'), petsDocument('v4.0'));
    const templates = path.join(dir, 'templates');
    writeJson(path.join(templates, 'unused.json'), {});
    const out = path.join(dir, 'pets');
    await generate({ specs: [doc], out, templates });
    expect((await generate({ specs: [doc], out, templates })).unchanged).toBe(true);
    mkdirSync(path.join(templates, 'partials'));
    writeFileSync(path.join(templates, 'partials', 'banner.hbs'), `// custom banner\n${readFileSync(path.join(ROOT, 'templates', 'partials', 'banner.hbs'), 'utf8')}`);
    expect((await generate({ specs: [doc], out, templates })).unchanged).toBeUndefined();
    expect(readFileSync(path.join(out, 'src', 'index.ts'), 'utf8')).toMatch(/^\/\/ custom banner/);

    const external = path.join(ROOT, 'test', 'fixtures', 'external');
    const root = 'api.yaml';
    const extOut = path.join(dir, 'external');
    await generate({ specs: [path.join(external, root)], out: extOut, namespace: 'external' });
    expect(existsSync(path.join(extOut, INPUTS_FILE))).toBe(false);
    expect((await generate({ specs: [path.join(external, root)], out: extOut, namespace: 'external' })).unchanged).toBeUndefined();
  }, 120_000);
});

describe('writing while emitting', () => {
  it('a generation that fails after files were handed to the writer leaves the previous output and no temporary folder', async () => {
    const dir = tempDir('write-behind');
    const doc = writeJson(path.join(dir, 'v4.0.json'), petsDocument('v4.0'));
    const out = path.join(dir, 'pets');
    await generate({ specs: [doc], out });
    const before = readTree(out);
    // README.md is rendered last, after every source file was sent to the writer thread.
    const templates = path.join(dir, 'templates');
    writeJson(path.join(templates, 'placeholder.json'), {});
    writeFileSync(path.join(templates, 'README.md.hbs'), '{{#each}}');
    await expect(generate({ specs: [doc], out, templates })).rejects.toThrow();
    expect(readTree(out)).toEqual(before);
    expect(readdirSync(dir).filter((f) => f.includes('.tmp-'))).toEqual([]);
  }, 60_000);
});
