/**
 * OpenAPI 3.1 (type arrays, `null`, `const`, `examples`, `$ref` siblings,
 * webhooks) and schemas that refer to themselves: the packages type-check and
 * the types say what the document says.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { generate } from '../../generator/generate.js';
import { FIXTURES, scratch, typecheck } from './support.js';

describe('an OpenAPI 3.1 document', () => {
  let out: string;
  let pet: string;
  beforeAll(async () => {
    out = scratch('openapi31');
    await generate({ specs: [path.join(FIXTURES, 'openapi31.yaml')], out, format: false });
    pet = readFileSync(path.join(out, 'src', 'v2', 'models', 'index.ts'), 'utf8');
  });

  it('passes tsc --strict', () => {
    expect(typecheck(out)).toEqual([]);
  });

  it('type arrays, null, const and nullable references become the matching types', () => {
    const json = /export interface PetJson \{([^}]*)\}/.exec(pet)![1]!;
    const fields = Object.fromEntries(
      json
        .trim()
        .split('\n')
        .map((l) => /^\s*(\w+)(\??): (.*);$/.exec(l)!)
        .map((m) => [m[1], `${m[2]}${m[3]}`]),
    );
    expect(fields).toMatchObject({
      id: 'number',
      kind: "'pet'",
      name: '?string | null',
      tag: '?null',
      owner: '?OwnerJson | null',
      previousOwner: '?OwnerJson | null',
      labels: '?Record<string, string | number | boolean>',
      status: "?'available' | 'pending' | 'sold' | null",
      level: '?1 | 2 | 3',
    });
    const models = path.join(out, 'src', 'v2', 'models');
    const module = readFileSync(path.join(models, 'index.ts'), 'utf8');
    expect(module).toContain('export type Maybe = string | number | null;');
    expect(module).toContain('export type Nothing = null;');
    expect(module).toContain('export type Fixed = 42;');
  });

  it('examples, exclusive bounds and $ref siblings reach the docs', () => {
    expect(pet).toContain('Example: `"Rex"`.');
    expect(pet).toContain('Greater than 0.');
    expect(pet).toContain('/** The owner, described next to the $ref */');
  });

  it('decodes null where the document allows it', async () => {
    const sdk = await import(pathToFileURL(path.join(out, 'src', 'index.ts')).href);
    const p = sdk.v2.models.Pet.fromJSON({ id: 1, kind: 'pet', owner: null, previousOwner: { name: 'Ann', pets: [{ id: 2, kind: 'pet' }] } });
    expect(p.owner).toBeNull();
    expect(p.previousOwner).toBeInstanceOf(sdk.v2.models.Owner);
    expect(p.previousOwner.pets[0]).toBeInstanceOf(sdk.v2.models.Pet);
    expect(p.toJSON()).toEqual({ id: 1, kind: 'pet', owner: null, previousOwner: { name: 'Ann', pets: [{ id: 2, kind: 'pet' }] } });
  });
});

describe('schemas that refer to themselves', () => {
  let out: string;
  beforeAll(async () => {
    out = scratch('recursive');
    await generate({ specs: [path.join(FIXTURES, 'recursive.yaml')], out, format: false });
  });

  it('pass tsc --strict (models, arrays of themselves, a recursive JSON union)', () => {
    expect(typecheck(out)).toEqual([]);
    const models = path.join(out, 'src', 'v1', 'models');
    const module = readFileSync(path.join(models, 'index.ts'), 'utf8');
    expect(module).toContain('export type Nested = Nested[];');
    expect(module).toContain('export type Json = string | number | Json[] | { [key: string]: Json };');
  });

  it('decode a tree into model instances at every level', async () => {
    const sdk = await import(pathToFileURL(path.join(out, 'src', 'index.ts')).href);
    const tree = sdk.v1.models.TreeNode.fromJSON({ name: 'root', children: [{ name: 'leaf', children: [] }], forest: { owner: { name: 'o', friend: { name: 'f' } } } });
    expect(tree.children[0]).toBeInstanceOf(sdk.v1.models.TreeNode);
    expect(tree.forest).toBeInstanceOf(sdk.v1.models.Forest);
    expect(tree.forest.owner.friend).toBeInstanceOf(sdk.v1.models.Owner);
  });
});
