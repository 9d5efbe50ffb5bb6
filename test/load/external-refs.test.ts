/**
 * A document split over several files: external `$ref`s are bundled into the
 * document (swagger-parser), and the models they name are generated.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildVersion } from '../../generator/ir/build.js';
import { loadDocument } from '../../generator/load/load.js';
import { ROOT } from '../support/packages.js';

describe('external references', () => {
  it('bundles schemas from another file and generates them', async () => {
    const loaded = await loadDocument(path.join(ROOT, 'test', 'fixtures', 'external', 'api.yaml'));
    const text = JSON.stringify(loaded.document);
    expect(text).not.toContain('schemas.yaml');
    const version = buildVersion(loaded);
    const models = version.modules.flatMap((m) => m.decls).filter((d) => d.kind === 'model');
    const pet = models.find((d) => d.kind === 'model' && d.fields.some((f) => f.wireName === 'owner'));
    expect(pet).toBeDefined();
    expect(pet!.kind === 'model' && pet!.fields.find((f) => f.wireName === 'name')!.required).toBe(true);
    const op = version.apis[0]!.operations[0]!;
    expect(op.responses[0]!.dataType).toMatchObject({ kind: 'ref' });
  });
});
