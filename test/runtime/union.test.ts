/**
 * decodeUnion without `$objectType`: a branch is picked only when the JSON's shape
 * names it (required properties, properties only one branch declares, the
 * document's discriminator); otherwise the value stays undecided, as it came.
 */
import { describe, expect, it } from 'vitest';
import { decodeUnion, encodeAny, UnknownObject, type UnionBranch } from '../../runtime/codec.js';

class A {
  constructor(readonly json: unknown) {}
}
class B {
  constructor(readonly json: unknown) {}
}
const a = (json: never) => new A(json);
const b = (json: never) => new B(json);

describe('decodeUnion by shape', () => {
  const branches: UnionBranch[] = [
    { shape: 'object', objectType: 'x.A', properties: ['shared', 'onlyA'], decode: a },
    { shape: 'object', objectType: 'x.B', properties: ['shared', 'onlyB'], required: ['id'], decode: b },
  ];

  it('by $objectType, then by unique or required properties', () => {
    expect(decodeUnion({ $objectType: 'x.B', onlyA: 1 }, branches)).toBeInstanceOf(B);
    expect(decodeUnion({ onlyA: 1 }, branches)).toBeInstanceOf(A);
    expect(decodeUnion({ onlyB: 1, id: 'i' }, branches)).toBeInstanceOf(B);
    // B's required `id` is missing, so only A is left.
    expect(decodeUnion({ shared: 1 }, branches)).toBeInstanceOf(A);
  });

  it('keeps undecided and unknown objects as they came, re-encoded unchanged', () => {
    const undecided = [{ shared: 1, id: 'i' }, { onlyA: 1, onlyB: 2, id: 'i' }, { id: 'i' }];
    for (const json of undecided) {
      const value = decodeUnion(json, branches);
      expect(value).toBeInstanceOf(UnknownObject);
      expect((value as UnknownObject).$objectType).toBeUndefined();
      expect(JSON.parse(JSON.stringify(encodeAny(value)))).toEqual(json);
    }
    const future = decodeUnion({ $objectType: 'x.C', onlyA: 1 }, branches) as UnknownObject;
    expect(future).toBeInstanceOf(UnknownObject);
    expect(future.objectType).toBe('x.C');
    expect(encodeAny(future)).toEqual({ $objectType: 'x.C', onlyA: 1 });
  });

  it('a map branch takes objects no object branch shows evidence for', () => {
    const withMap: UnionBranch[] = [{ shape: 'object', properties: ['p'], required: ['p'], decode: a }, { shape: 'map' }];
    expect(decodeUnion({ p: 1 }, withMap)).toBeInstanceOf(A);
    expect(decodeUnion({ q: 1 }, withMap)).toEqual({ q: 1 });
  });
});
