import { execFile } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { diffDocuments } from '../../generator/commands/diff.js';
import { applyBump, diffVersions, type DiffReport } from '../../generator/diff/diff.js';
import { versionFree } from '../../generator/diff/identity.js';
import { renderJson, renderMarkdown } from '../../generator/diff/report.js';
import { buildPackageIr, generate } from '../../generator/generate.js';
import { Templates } from '../../generator/templates.js';
import { petsDocument, ROOT, tempDir, writeJson } from './helpers.js';

const spec = (rel: string) => path.join(ROOT, 'specs', rel);
const find = (r: DiffReport, location: string, kind?: string) => r.changes.filter((c) => c.location === location && (!kind || c.kind === kind));

describe('version-free identities', () => {
  it('drops minor and beta revisions from keys and paths, keeps the major', () => {
    expect(versionFree('#/components/schemas/iam.v4.1.b2.authn.User')).toBe('#/components/schemas/iam.v4.authn.User');
    expect(versionFree('/iam/v4.0/authn/users')).toBe('/iam/v4/authn/users');
    expect(versionFree('storage.v4.r0.a3.config.X')).toBe('storage.v4.config.X');
    expect(versionFree('#/paths/~1vmm~1v4.0~1ahv/get')).toBe('#/paths/~1vmm~1v4~1ahv/get');
    expect(versionFree('common.v1.0.config.Flag')).not.toBe(versionFree('common.v2.0.config.Flag'));
  });

  it('applies a bump to a semver version', () => {
    expect(applyBump('4.0.2', 'major')).toBe('5.0.0');
    expect(applyBump('4.0.2', 'minor')).toBe('4.1.0');
    expect(applyBump('4.0.2', 'patch')).toBe('4.0.3');
    expect(applyBump('0.3.1', 'major')).toBe('0.4.0');
  });
});

describe('API diff on real releases', () => {
  it('iam v4.0 -> v4.1.b2', async () => {
    const r = await diffDocuments(spec('iam/v4.0.yaml'), spec('iam/v4.1.b2.yaml'));
    expect(r.old.label).toBe('v4.0');
    expect(r.new.label).toBe('v4.1.b2');
    expect(r.bump).toBe('major');
    // The bucket access key operations are gone from UsersApi.
    for (const op of ['createBucketAccessKey', 'listUserBucketKeys', 'revokeUserBucketAccessKey']) {
      expect(find(r, `UsersApi.${op}`, 'removed')[0]?.breaking).toBe(true);
    }
    // Enum values removed: breaking.
    expect(find(r, 'iam.authn.ScopesType.OPEN_ID', 'removed')[0]?.breaking).toBe(true);
    expect(find(r, 'iam.authz.IdentityType.ServiceAccount', 'removed')).toHaveLength(1);
    // A field's type changed from an enum to a string.
    const scope = find(r, 'iam.authn.TokenRequest.scope', 'changed')[0];
    expect(scope).toMatchObject({ breaking: true, before: 'ScopesType', after: 'string' });
    // Required-ness: a response field became optional.
    expect(find(r, 'iam.authn.CertAuthProvider.dirSvcExtID', 'changed')[0]).toMatchObject({ breaking: true, before: 'required', after: 'optional' });
    // Query options dropped from a list operation.
    expect(find(r, 'CertificateAuthenticationProvidersApi.listCertAuthProviders($filter)', 'removed')).toHaveLength(1);
    // Additions are not breaking.
    const added = r.changes.filter((c) => c.kind === 'added' && c.subject === 'model');
    expect(added.length).toBeGreaterThan(30);
    expect(added.every((c) => !c.breaking)).toBe(true);
    expect(r.changes.some((c) => c.location === 'iam.authn.LoginProvider' && c.kind === 'added')).toBe(true);
    expect(r.summary.breaking).toBe(r.changes.filter((c) => c.breaking).length);
    expect(r.renames).toEqual([]);
  });

  it('volumes v4.0 -> v4.1: the NVMe-oF additions', async () => {
    const r = await diffDocuments(spec('volumes/v4.0.yaml'), spec('volumes/v4.1.yaml'));
    expect(find(r, 'NvmfClientsApi', 'added')[0]).toMatchObject({ subject: 'api', breaking: false });
    expect(find(r, 'VolumeGroupsApi.attachNvmfClient', 'added')[0]).toMatchObject({ subject: 'operation', breaking: false, bump: 'minor' });
    expect(find(r, 'NvmfClientsApi.listNvmfClients', 'added')).toHaveLength(1);
    // The unreferenced response wrappers that disappeared still break imports of them.
    const removed = find(r, 'volumes.config.UpdateVolumeGroupByIdApiResponse', 'removed')[0];
    expect(removed?.breaking).toBe(true);
    expect(removed?.message).toContain('no operation used it');
    // Nothing of the operations users call today was removed or changed.
    expect(r.changes.filter((c) => c.subject === 'operation' && c.kind !== 'added')).toEqual([]);
  });

  it('Prism Central v3 (2018) -> current: renamed API classes are reported as renamed symbols', async () => {
    const r = await diffDocuments(spec('v3/prism-central-3.1.0-2018.json'), spec('v3/prism-central.json'));
    expect(r.old.label).toBe(r.new.label);
    // The `SubnetApi` -> `SubnetsApi` kind of change, here on real documents.
    expect(r.renames).toContainEqual({ kind: 'api', before: 'CategoryApi', after: 'CategoriesApi', element: 'tag category' });
    expect(r.renames).toContainEqual({ kind: 'api', before: 'VolumeGroupApi', after: 'VolumeGroupsApi', element: 'tag volume_group' });
    expect(find(r, 'CategoriesApi', 'renamed')[0]).toMatchObject({ breaking: true, before: 'CategoryApi' });
    // An operation that moved to another existing class.
    expect(find(r, 'DirectConnectsApi.listDirectConnectsServiceProviders', 'changed').map((c) => c.subject)).toContain('operation');
    // A request content type changed.
    expect(find(r, 'ReportsApi.postReportsUploadByType', 'changed')[0]).toMatchObject({ before: 'application/octet-stream', after: 'application/pdf', breaking: true });
    // New optional fields on a model used both ways: not breaking.
    expect(find(r, 'nutanix-intentful-api.VmResources.bios_uuid', 'added')[0]).toMatchObject({ breaking: false });
  });
});

describe('API diff on edited documents', () => {
  async function diffPets(edit: Parameters<typeof petsDocument>[1], version = 'v4.0'): Promise<DiffReport> {
    const dir = tempDir('pets');
    const a = writeJson(path.join(dir, 'old.json'), petsDocument('v4.0'));
    const b = writeJson(path.join(dir, 'new.json'), petsDocument(version, edit));
    return diffDocuments(a, b);
  }

  it('reports nothing for the same document', async () => {
    const r = await diffPets(() => {});
    expect(r.changes).toEqual([]);
    expect(r.bump).toBe('none');
  });

  it('reports a renamed operation and the method name it changes', async () => {
    const r = await diffPets((doc) => {
      (doc.paths['/pets/v4.0/config/pets']!.get as { operationId: string }).operationId = 'listAllPets';
    });
    const renamed = r.changes.find((c) => c.kind === 'renamed' && c.subject === 'operation');
    expect(renamed).toMatchObject({ location: 'PetApi.listAllPets', before: 'listPets', after: 'listAllPets', breaking: true });
    expect(r.renames).toContainEqual({ kind: 'method', before: 'PetApi.listPets', after: 'PetApi.listAllPets', element: 'GET /pets/v4.0/config/pets' });
    expect(r.renames.some((x) => x.kind === 'params-type' && x.before === 'PetApi.ListPetsParams')).toBe(true);
  });

  it('reports a renamed tag as a renamed API class (SubnetApi -> SubnetsApi)', async () => {
    const r = await diffPets((doc) => {
      for (const p of Object.values(doc.paths)) for (const op of Object.values(p)) (op as { tags: string[] }).tags = ['Pets'];
    });
    expect(r.renames).toEqual([{ kind: 'api', before: 'PetApi', after: 'PetsApi', element: 'tag Pet' }]);
    expect(r.bump).toBe('major');
  });

  it('classifies field, enum and parameter changes across a version bump', async () => {
    const r = await diffPets((doc) => {
      const pet = doc.components.schemas['pets.v4.1.config.Pet'] as { required: string[]; properties: Record<string, unknown> };
      pet.required = ['name', 'owner'];
      pet.properties.owner = { type: 'string' };
      pet.properties.age = { type: 'integer', format: 'int64' };
      delete pet.properties.kind;
      (doc.components.schemas['pets.v4.1.config.PetKind'] as { enum: string[] }).enum = ['CAT', 'DOG', 'BIRD', '$UNKNOWN', '$REDACTED'];
      const list = doc.paths['/pets/v4.1/config/pets']!.get as { parameters: unknown[] };
      list.parameters.push({ name: '$filter', in: 'query', schema: { type: 'string' } });
    }, 'v4.1');
    expect(r.new.label).toBe('v4.1');
    // Paths differ only by their version: still the same operations.
    expect(r.changes.filter((c) => c.subject === 'operation')).toEqual([]);
    expect(find(r, 'pets.config.Pet.owner', 'added')[0]).toMatchObject({ breaking: false }); // Pet is only read: a new required field breaks no one
    expect(find(r, 'pets.config.Pet.kind', 'removed')[0]).toMatchObject({ breaking: true });
    expect(find(r, 'pets.config.Pet.age', 'changed')[0]).toMatchObject({ breaking: false, before: 'integer (int32)', after: 'integer (int64)' });
    expect(find(r, 'pets.config.PetKind.BIRD', 'added')[0]).toMatchObject({ breaking: false, bump: 'minor' });
    expect(find(r, 'PetApi.listPets($filter)', 'added')[0]).toMatchObject({ breaking: false });
  });

  it('a new required field of a request body is breaking', async () => {
    const edit = (doc: Parameters<NonNullable<Parameters<typeof petsDocument>[1]>>[0]) => {
      doc.paths['/pets/v4.0/config/pets']!.post = {
        tags: ['Pet'],
        operationId: 'createPet',
        requestBody: { required: true, content: { 'application/json': { schema: { $ref: '#/components/schemas/pets.v4.0.config.Pet' } } } },
        responses: { '202': { description: 'Accepted' } },
      };
    };
    const dir = tempDir('pets');
    const a = writeJson(path.join(dir, 'old.json'), petsDocument('v4.0', edit));
    const b = writeJson(
      path.join(dir, 'new.json'),
      petsDocument('v4.0', (doc) => {
        edit(doc);
        const pet = doc.components.schemas['pets.v4.0.config.Pet'] as { required: string[]; properties: Record<string, unknown> };
        pet.required = ['name', 'owner'];
        pet.properties.owner = { type: 'string' };
      }),
    );
    const r = await diffDocuments(a, b);
    expect(find(r, 'pets.config.Pet.owner', 'added')[0]).toMatchObject({ breaking: true, bump: 'major' });
  });
});

describe('reports', () => {
  it('renders Markdown from the templates and JSON with the same content', async () => {
    const a = (await buildPackageIr({ specs: [spec('volumes/v4.0.yaml')] })).sdk.versions[0]!;
    const b = (await buildPackageIr({ specs: [spec('volumes/v4.1.yaml')] })).sdk.versions[0]!;
    const r = diffVersions(a, b);
    const md = renderMarkdown(r, new Templates());
    expect(md).toMatch(/^# API diff: Nutanix Volumes APIs v4\.0 \(4\.0\) -> v4\.1 \(4\.1\.1\)/);
    expect(md).toContain('Suggested version bump: **major**');
    expect(md).toContain('## Breaking changes');
    expect(md).toContain('- **added** operation `VolumeGroupsApi.attachNvmfClient`');
    const json = JSON.parse(renderJson(r)) as DiffReport & { format: string };
    expect(json.format).toBe('ntnx-sdkgen-api-diff/1');
    expect(json.changes).toHaveLength(r.changes.length);
    expect(md.split('\n').filter((l) => l.startsWith('- **')).length).toBe(r.changes.length);
  });
});

describe('the diff command', () => {
  it('prints JSON, exits 3 with --fail-on-breaking, and compares against a generated package folder', async () => {
    const dir = tempDir('cli');
    const old = writeJson(path.join(dir, 'old.json'), petsDocument('v4.0'));
    const renamed = writeJson(
      path.join(dir, 'new.json'),
      petsDocument('v4.0', (doc) => void ((doc.paths['/pets/v4.0/config/pets']!.get as { operationId: string }).operationId = 'listAllPets')),
    );
    const cli = (args: string[]) =>
      new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
        execFile(process.execPath, ['--import', 'tsx', path.join(ROOT, 'generator', 'cli.ts'), ...args], { cwd: ROOT }, (error, stdout, stderr) =>
          resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr }),
        );
      });
    const json = await cli(['diff', old, renamed, '--format', 'json', '--fail-on-breaking']);
    expect(json.code).toBe(3);
    const report = JSON.parse(json.stdout) as DiffReport;
    expect(report.bump).toBe('major');
    expect(json.stderr).toContain('warning: generated name changed: PetApi.listPets -> PetApi.listAllPets');
    expect((await cli(['diff', old, old])).code).toBe(0);

    // The old side can be a generated package: its snapshot is the IR it was generated from.
    const out = path.join(dir, 'pets');
    await generate({ specs: [old], out });
    const fromPackage = await diffDocuments(out, renamed);
    expect(fromPackage.renames).toContainEqual({ kind: 'method', before: 'PetApi.listPets', after: 'PetApi.listAllPets', element: 'GET /pets/v4.0/config/pets' });
  });
});
