/**
 * Builds a realistic `listVms` response body from the vmm document itself: every
 * property of `Vm` and of the models it nests (disks with their backing info,
 * NICs with their network info, CD-ROMs, boot configuration, VM source, guest
 * customization, ...) is filled from its schema, oneOf members rotate through
 * their branches and carry `$objectType`, every model carries `$objectType` and
 * `$reserved` as the server sends them. Deterministic: the same count gives the
 * same bytes.
 */
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';

type Schema = {
  $ref?: string;
  type?: string;
  format?: string;
  enum?: unknown[];
  example?: unknown;
  items?: Schema;
  properties?: Record<string, Schema>;
  additionalProperties?: boolean | Schema;
  allOf?: Schema[];
  oneOf?: Schema[];
  anyOf?: Schema[];
  minimum?: number;
  maximum?: number;
  maxLength?: number;
};

/** `vmm.v4.0.ahv.config.Vm` -> `vmm.v4.ahv.config.Vm` (revision segments dropped). */
export function objectTypeOf(schemaKey: string): string {
  const parts = schemaKey.split('.');
  const out = [parts[0]!, parts[1]!];
  let i = 2;
  while (i < parts.length - 1 && /^(\d+|[rab]\d+)$/.test(parts[i]!)) i++;
  return [...out, ...parts.slice(i)].join('.');
}

/** How many items an array property gets (the rest: one). */
const ARRAY_LENGTHS: Record<string, number> = { disks: 3, nics: 2, cdRoms: 1, categories: 3, links: 1, ipv4Addresses: 2, secondaryIpAddressList: 1 };
/** Nesting below this depth is left out (the schemas are recursive in places). */
const MAX_DEPTH = 7;

export class VmListSynth {
  private readonly schemas: Record<string, Schema>;
  private counter = 0;
  private readonly propertyCache = new WeakMap<Schema, Record<string, Schema>>();

  constructor(specFile: string) {
    const doc = parse(readFileSync(specFile, 'utf8')) as { components: { schemas: Record<string, Schema> } };
    this.schemas = doc.components.schemas;
  }

  /** The body of `GET /vmm/v4.0/ahv/config/vms` with `count` VMs (one page, as a large `$limit` would give). */
  listVmsBody(count: number): Record<string, unknown> {
    const data: unknown[] = [];
    for (let i = 0; i < count; i++) data.push(this.value({ $ref: '#/components/schemas/vmm.v4.0.ahv.config.Vm' }, 0, 'data'));
    return {
      $objectType: 'vmm.v4.ahv.config.ListVmsApiResponse',
      $reserved: { $fv: 'v4.r0' },
      metadata: {
        $objectType: 'common.v1.response.ApiResponseMetadata',
        $reserved: { $fv: 'v1.r0' },
        flags: [
          { $objectType: 'common.v1.config.Flag', $reserved: { $fv: 'v1.r0' }, name: 'hasError', value: false },
          { $objectType: 'common.v1.config.Flag', $reserved: { $fv: 'v1.r0' }, name: 'isPaginated', value: true },
        ],
        links: [{ $objectType: 'common.v1.response.ApiLink', $reserved: { $fv: 'v1.r0' }, href: 'https://pc.example.com:9440/api/vmm/v4.0/ahv/config/vms?$page=0', rel: 'self' }],
        totalAvailableResults: count,
      },
      data,
    };
  }

  private next(): number {
    return this.counter++;
  }

  private uuid(): string {
    // A deterministic, well-formed UUID.
    let x = (this.next() * 2654435761) >>> 0;
    const hex = () => {
      x = (x * 1103515245 + 12345) >>> 0;
      return (x >>> 8).toString(16).padStart(6, '0').slice(0, 4);
    };
    return `${hex()}${hex()}-${hex()}-4${hex().slice(1)}-a${hex().slice(1)}-${hex()}${hex()}${hex()}`;
  }

  private resolve(ref: string): { key: string; schema: Schema } {
    const key = decodeURIComponent(ref.replace('#/components/schemas/', ''));
    const schema = this.schemas[key];
    if (!schema) throw new Error(`unresolved ${ref}`);
    return { key, schema };
  }

  /** Properties of a schema with its allOf members merged. */
  private properties(schema: Schema): Record<string, Schema> {
    const cached = this.propertyCache.get(schema);
    if (cached) return cached;
    const out: Record<string, Schema> = {};
    for (const part of schema.allOf ?? []) Object.assign(out, this.properties(part.$ref ? this.resolve(part.$ref).schema : part));
    Object.assign(out, schema.properties ?? {});
    this.propertyCache.set(schema, out);
    return out;
  }

  private value(schema: Schema, depth: number, name: string): unknown {
    if (schema.$ref) {
      const { key, schema: target } = this.resolve(schema.$ref);
      const v = this.value(target, depth, name);
      if (v !== null && typeof v === 'object' && !Array.isArray(v)) {
        // Every model on the wire names its type, and the server adds its bookkeeping.
        return { $objectType: objectTypeOf(key), $reserved: { $fv: `${objectTypeOf(key).split('.')[1]}.r0` }, ...(v as object) };
      }
      return v;
    }
    const branches = schema.oneOf ?? schema.anyOf;
    if (branches) return this.value(branches[this.next() % branches.length]!, depth, name);
    if (schema.enum) {
      const values = schema.enum.filter((v) => v !== '$UNKNOWN' && v !== '$REDACTED');
      return values[this.next() % values.length];
    }
    const type = schema.type ?? (schema.properties || schema.allOf ? 'object' : undefined);
    switch (type) {
      case 'object': {
        if (depth >= MAX_DEPTH) return {};
        const props = this.properties(schema);
        const out: Record<string, unknown> = {};
        for (const [key, prop] of Object.entries(props)) {
          if (key === '$objectType' || key === '$reserved' || key === '$unknownFields') continue;
          const v = this.value(prop, depth + 1, key);
          if (v !== undefined) out[key] = v;
        }
        if (Object.keys(props).length === 0 && schema.additionalProperties && typeof schema.additionalProperties === 'object') {
          out['key'] = this.value(schema.additionalProperties, depth + 1, 'key');
        }
        return out;
      }
      case 'array': {
        if (depth >= MAX_DEPTH || !schema.items) return undefined;
        const n = ARRAY_LENGTHS[name] ?? 1;
        return Array.from({ length: n }, () => this.value(schema.items!, depth + 1, name));
      }
      case 'string':
        if (schema.format === 'uuid' || /extId$|Uuid$|uuid$/.test(name)) return this.uuid();
        if (schema.format === 'date-time') return new Date(Date.UTC(2025, 0, 1) + this.next() * 1000).toISOString();
        if (typeof schema.example === 'string') return schema.example;
        return `${name}-${this.next() % 1000}`.slice(0, schema.maxLength ?? 64);
      case 'integer':
      case 'number': {
        const lo = schema.minimum ?? 0;
        const hi = schema.maximum ?? lo + 1_000_000;
        return lo + (this.next() % Math.max(1, Math.min(hi - lo + 1, 1_000_000)));
      }
      case 'boolean':
        return this.next() % 2 === 0;
      default:
        return typeof schema.example === 'string' || typeof schema.example === 'number' ? schema.example : undefined;
    }
  }
}
