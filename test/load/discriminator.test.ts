/**
 * OpenAPI `discriminator` drives decoding for any document: explicit and implicit
 * `mapping`, on a `oneOf`/`anyOf` or inherited from the `allOf` parent the branches
 * share. A tag no branch claims stays undecided, never the first branch.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { generate } from '../../generator/generate.js';
import { declarationSource, FIXTURES, scratch, typecheck } from './support.js';

describe('discriminator (OpenAPI 3.1 document)', () => {
  let out: string;
  let sdk: any;
  beforeAll(async () => {
    out = scratch('discriminator31');
    await generate({ specs: [path.join(FIXTURES, 'discriminator31.yaml')], out, format: false });
    sdk = await import(pathToFileURL(path.join(out, 'src', 'index.ts')).href);
  });

  it('passes tsc --strict', () => {
    expect(typecheck(out)).toEqual([]);
  });

  it('decodes by the discriminator value, through explicit and implicit mappings', () => {
    const { Drawing, Circle, Square, Cat, Dog } = sdk.v1.models;
    const d = Drawing.fromJSON({
      main: { type: 'square', side: 2 },
      implicit: { type: 'Square', side: 3 },
      inherited: { petType: 'Dog', barks: true },
      inline: { type: 'Circle', radius: 1 },
    });
    expect(d.main).toBeInstanceOf(Square);
    expect(Drawing.fromJSON({ main: { type: 'box' } }).main).toBeInstanceOf(Square);
    expect(Drawing.fromJSON({ main: { type: 'round' } }).main).toBeInstanceOf(Circle);
    expect(d.implicit).toBeInstanceOf(Square);
    expect(d.inherited).toBeInstanceOf(Dog);
    expect(Drawing.fromJSON({ inherited: { petType: 'kitty' } }).inherited).toBeInstanceOf(Cat);
    expect(d.inline).toBeInstanceOf(Circle);
    expect(JSON.parse(JSON.stringify(d))).toEqual({
      main: { type: 'square', side: 2 },
      implicit: { type: 'Square', side: 3 },
      inherited: { petType: 'Dog', barks: true },
      inline: { type: 'Circle', radius: 1 },
    });
  });

  it('where an allOf parent with a discriminator is used, the value decodes as the child the tag names', () => {
    const { Drawing, Cat, Dog, Pet } = sdk.v1.models;
    expect(Drawing.fromJSON({ pet: { petType: 'kitty', meows: true } }).pet).toBeInstanceOf(Cat);
    expect(Drawing.fromJSON({ pet: { petType: 'Dog', barks: true } }).pet).toBeInstanceOf(Dog);
    expect(Drawing.fromJSON({ pet: { petType: 'Pet', name: 'x' } }).pet).toBeInstanceOf(Pet);
    const json = { pet: { petType: 'Dog', barks: true, name: 'Rex' } };
    expect(JSON.parse(JSON.stringify(Drawing.fromJSON(json)))).toEqual(json);
  });

  it('a model without an object type keeps a `$objectType` property it is sent, and its union says how to narrow', () => {
    const { Square } = sdk.v1.models;
    const json = { type: 'square', side: 2, $objectType: 'from.elsewhere' };
    expect(JSON.parse(JSON.stringify(Square.fromJSON(json)))).toEqual(json);
    // The union's doc comment names the document's discriminator, not a `$objectType` its models do not carry.
    const shape = declarationSource(path.join(out, 'src', 'v1', 'models', 'index.ts'), 'Shape');
    expect(shape).toContain("The document's discriminator `type` tells them apart");
    expect(shape).not.toContain('Models carry a `$objectType` literal');
  });

  it('a tag no branch claims is kept as it came', () => {
    const json = { main: { type: 'triangle', label: 'x' } };
    const d = sdk.v1.models.Drawing.fromJSON(json);
    expect(d.main).toBeInstanceOf(sdk.UnknownObject);
    expect(JSON.parse(JSON.stringify(d))).toEqual(json);
  });
});
