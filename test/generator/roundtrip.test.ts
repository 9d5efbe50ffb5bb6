/**
 * decode -> encode gives back the same JSON, for every model and union of every
 * document, with payloads built from the schemas; and for hand-written payloads
 * with fields, enum values and `$objectType`s the SDK does not know.
 */
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { ArbitraryFactory } from '../support/arbitraries.js';
import { exportedDecl, PayloadFactory } from '../support/payloads.js';
import { importPackage, packageIr, v4Namespaces } from '../support/packages.js';

type ModelClass = { fromJSON(json: unknown): { toJSON(): unknown } };

/** What JSON.stringify would send: drops `undefined`, calls `toJSON`. */
function wire(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value));
}

describe.each(v4Namespaces().map((n) => n.namespace))('round trip: %s', (namespace) => {
  it('decodes and re-encodes a generated payload of every model and union unchanged', async () => {
    const sdk = await packageIr(namespace);
    const pkg = await importPackage(namespace);
    let checked = 0;
    for (const version of sdk.versions) {
      const factory = new PayloadFactory(version);
      for (const module of version.modules) {
        for (const decl of module.decls) {
          if (decl.kind !== 'model' && decl.kind !== 'union') continue;
          for (let variant = 0; variant < factory.variants(decl); variant++) {
            const payload = factory.payload(decl, variant);
            if (payload === undefined) continue; // binary-only unions have no JSON form
            let decoded: unknown;
            if (decl.kind === 'model') {
              const cls = exportedDecl(pkg, version, decl) as ModelClass;
              expect(cls, `${version.label} ${module.path.join('/')}/${decl.name}`).toBeTypeOf('function');
              decoded = cls.fromJSON(payload);
              expect(decoded).toBeInstanceOf(cls as unknown as new () => unknown);
            } else {
              const decode = exportedDecl(pkg, version, decl, `decode${decl.name}`) as (json: unknown) => unknown;
              decoded = decode(payload);
            }
            expect(wire(decoded), `${decl.name} variant ${variant}`).toEqual(payload);
            checked++;
          }
        }
      }
    }
    expect(checked).toBeGreaterThan(20);
  });
});

/**
 * Property-based: random valid JSON of every model, union and enum decodes and
 * re-encodes to the same JSON. A fixed seed and few cases per schema here;
 * `npm run test:properties` runs many more with a random seed (PBT_SEED, PBT_RUNS).
 */
const PBT_SEED = process.env.PBT_SEED === 'random' ? Date.now() : Number(process.env.PBT_SEED ?? 20261203);
const PBT_RUNS = Number(process.env.PBT_RUNS ?? 4);

describe('round trip, property-based (fast-check)', () => {
  const covered = { schemas: 0, total: 0, cases: 0 };
  afterAll(() => {
    console.log(`property-based round trips: ${covered.schemas} of ${covered.total} schemas (models, unions, enums) of every document, ${covered.cases} cases, seed ${PBT_SEED}, ${PBT_RUNS} runs per schema`);
  });

  it.each(v4Namespaces().map((n) => n.namespace))('%s: every model, union and enum', async (namespace) => {
    const sdk = await packageIr(namespace);
    const pkg = await importPackage(namespace);
    let schemas = 0;
    let total = 0;
    for (const version of sdk.versions) {
      const arbitraries = new ArbitraryFactory(version);
      for (const module of version.modules) {
        for (const decl of module.decls) {
          if (decl.kind === 'alias') continue;
          total++;
          const where = `${version.label} ${module.path.join('/')}/${decl.name}`;
          let check: (json: unknown) => unknown;
          if (decl.kind === 'model') {
            const cls = exportedDecl(pkg, version, decl) as ModelClass;
            check = (json) => cls.fromJSON(json);
          } else if (decl.kind === 'union') {
            const decode = exportedDecl(pkg, version, decl, `decode${decl.name}`) as (json: unknown) => unknown;
            check = (json) => decode(json);
          } else {
            const values = Object.values(exportedDecl(pkg, version, decl) as Record<string, unknown>);
            expect(values, where).toEqual(decl.members.map((m) => m.value));
            check = (json) => json; // enums decode to the value itself, known or not
          }
          fc.assert(
            fc.property(arbitraries.decl(decl), (payload) => {
              if (payload === undefined) return; // binary-only: no JSON form
              const json = wire(payload); // as it comes off the wire
              expect(wire(check(json)), where).toEqual(json);
              covered.cases++;
            }),
            { seed: PBT_SEED, numRuns: PBT_RUNS },
          );
          schemas++;
        }
      }
    }
    covered.schemas += schemas;
    covered.total += total;
    expect(schemas).toBe(total);
  });
});

describe('round trip: hand-written vmm payloads', () => {
  it('keeps unknown fields, unknown enum values and unknown $objectType', async () => {
    const pkg = (await importPackage('vmm')) as any;
    const { Vm } = pkg.v4_0.models.ahv.config;
    const payload = {
      $objectType: 'vmm.v4.ahv.config.Vm',
      $reserved: { $fv: 'v4.r0', etag: 'abc' },
      $unknownFields: { legacy: true },
      extId: 'b0a1c2d3-e4f5-4a6b-8c7d-9e0f1a2b3c4d',
      name: 'web-01',
      powerState: 'HIBERNATING',
      machineType: 'Q35',
      fieldFromTheFuture: { nested: [1, 2, { deep: 'x' }] },
      source: { $objectType: 'vmm.v4.ahv.config.VmSourceReference', entityType: 'VM_RECOVERY_POINT_V5', extId: 'x' },
      bootConfig: { $objectType: 'vmm.v4.ahv.config.SomethingNewBoot', isSecureBootEnabled: true, futureFlag: 'on' },
      disks: [
        {
          $objectType: 'vmm.v4.ahv.config.Disk',
          diskAddress: { $objectType: 'vmm.v4.ahv.config.DiskAddress', busType: 'NVME_OF_THE_FUTURE', index: 0 },
          backingInfo: { $objectType: 'vmm.v4.ahv.config.VmDisk', diskSizeBytes: 1024, unknownDiskThing: [] },
        },
        null,
      ],
      nics: null,
    };
    // A `__proto__` key from the wire is data, never a prototype.
    const json = JSON.parse(JSON.stringify(payload).replace(/^\{/, '{"__proto__":{"notAPrototype":true},'));
    const vm = Vm.fromJSON(json);
    expect(vm).toBeInstanceOf(Vm);
    expect(vm.name).toBe('web-01');
    expect(vm.powerState).toBe('HIBERNATING');
    expect(vm.additionalProperties.fieldFromTheFuture).toEqual({ nested: [1, 2, { deep: 'x' }] });
    // An unknown $objectType is kept as an UnknownObject, a known one decodes to its class.
    expect(vm.bootConfig).toBeInstanceOf(pkg.UnknownObject);
    expect(vm.bootConfig.$objectType).toBeUndefined();
    expect(vm.bootConfig.objectType).toBe('vmm.v4.ahv.config.SomethingNewBoot');
    expect(vm.source).toBeInstanceOf(pkg.v4_0.models.ahv.config.VmSourceReference);
    expect(vm.source.entityType).toBe('VM_RECOVERY_POINT_V5');
    const uefi = Vm.fromJSON({ bootConfig: { $objectType: 'vmm.v4.ahv.config.UefiBoot', isSecureBootEnabled: true } });
    expect(uefi.bootConfig).toBeInstanceOf(pkg.v4_0.models.ahv.config.UefiBoot);
    expect(vm.disks[0].backingInfo).toBeInstanceOf(pkg.v4_0.models.ahv.config.VmDisk);
    expect(Object.getPrototypeOf(vm)).toBe(Vm.prototype);
    expect(wire(vm)).toEqual(wire(json));
    expect(JSON.stringify(vm)).toContain('"__proto__":{"notAPrototype":true}');
  });

  it('without $objectType, decodes a union value by the properties only one branch has, else keeps it undecided', async () => {
    const pkg = (await importPackage('vmm')) as any;
    const { Vm, UefiBoot, LegacyBoot } = pkg.v4_0.models.ahv.config;
    // isSecureBootEnabled is declared by UefiBoot only: the shape says which.
    const uefi = Vm.fromJSON({ bootConfig: { isSecureBootEnabled: true } });
    expect(uefi.bootConfig).toBeInstanceOf(UefiBoot);
    expect(uefi.bootConfig).not.toBeInstanceOf(LegacyBoot);
    expect((wire(uefi) as { bootConfig: unknown }).bootConfig).toEqual({ $objectType: 'vmm.v4.ahv.config.UefiBoot', isSecureBootEnabled: true });
    // bootOrder is declared by both branches, and {} fits both: undecided, sent back exactly as given.
    for (const bootConfig of [{ bootOrder: ['CDROM', 'DISK'] }, {}]) {
      const vm = Vm.fromJSON({ name: 'x', bootConfig });
      expect(vm.bootConfig).toBeInstanceOf(pkg.UnknownObject);
      expect(vm.bootConfig.$objectType).toBeUndefined();
      expect(wire(vm)).toEqual({ $objectType: 'vmm.v4.ahv.config.Vm', name: 'x', bootConfig });
    }
  });

  it('decodes a KVPair value of every shape the document allows', async () => {
    const pkg = (await importPackage('vmm')) as any;
    const { KVPair, MapOfStringWrapper } = pkg.v4_0.shared.common.config;
    const values = [
      'text',
      42,
      false,
      ['a', 'b'],
      { k: 'v' },
      [{ $objectType: 'common.v1.config.MapOfStringWrapper', map: { a: 'b' } }],
      [1, 2, 3],
    ];
    for (const value of values) {
      const json = { $objectType: 'common.v1.config.KVPair', name: 'key', value };
      const kv = KVPair.fromJSON(json);
      expect(wire(kv)).toEqual(json);
    }
    const wrapped = KVPair.fromJSON({ name: 'k', value: [{ $objectType: 'common.v1.config.MapOfStringWrapper', map: {} }] });
    expect(wrapped.value[0]).toBeInstanceOf(MapOfStringWrapper);
  });

  it('builds models with new, sends only what was set, and never sends defaults', async () => {
    const pkg = (await importPackage('vmm')) as any;
    const { Vm, Disk, VmDisk } = pkg.v4_0.models.ahv.config;
    const vm = new Vm({ name: 'db-01', numSockets: 2, disks: [new Disk({ backingInfo: new VmDisk({ diskSizeBytes: 10 }) })] });
    expect(vm.$objectType).toBe('vmm.v4.ahv.config.Vm');
    expect(vm.toJSON()).toEqual({
      $objectType: 'vmm.v4.ahv.config.Vm',
      name: 'db-01',
      numSockets: 2,
      disks: [{ $objectType: 'vmm.v4.ahv.config.Disk', backingInfo: { $objectType: 'vmm.v4.ahv.config.VmDisk', diskSizeBytes: 10 } }],
    });
  });
});
