/**
 * The `$objectType` rule at every oneOf site of every document: the wire name of
 * a schema is its key without the minor/beta revision, and the generated class
 * carries exactly that name.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import * as yaml from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { componentId } from '../../generator/ir/schemas.js';
import { exportedDecl } from '../support/payloads.js';
import { importPackage, packageIr, ROOT, v4Namespaces } from '../support/packages.js';

/** Written apart from the generator's own rule, so that the two check each other. */
function expectedWireName(key: string): string {
  const m = /^([a-z][a-zA-Z0-9]*)\.v(\d+)(?:\.(?:\d+|r\d+|[ab]\d+))*\.(.+)$/.exec(key);
  if (!m) throw new Error(`not a Nutanix schema key: ${key}`);
  return `${m[1]}.v${m[2]}.${m[3]}`;
}

interface Site {
  pointer: string;
  refs: string[];
  example?: string;
}

function oneOfSites(node: unknown, pointer: string, out: Site[]): void {
  if (Array.isArray(node)) node.forEach((n, i) => oneOfSites(n, `${pointer}/${i}`, out));
  else if (node && typeof node === 'object') {
    const obj = node as Record<string, unknown>;
    if (Array.isArray(obj.oneOf)) {
      const refs = (obj.oneOf as { $ref?: string; items?: { $ref?: string } }[])
        .map((b) => b.$ref ?? b.items?.$ref)
        .filter((r): r is string => typeof r === 'string');
      const example = ((obj.properties as Record<string, { example?: unknown }> | undefined)?.$objectType?.example as string | undefined) ?? undefined;
      out.push({ pointer, refs, ...(example ? { example } : {}) });
    }
    for (const [k, v] of Object.entries(obj)) if (k !== 'x-code-samples') oneOfSites(v, `${pointer}/${k}`, out);
  }
}

describe.each(v4Namespaces().map((n) => n.namespace))('wire names: %s', (namespace) => {
  it('gives every oneOf branch the $objectType the rule predicts, in the IR and in the generated class', async () => {
    const sdk = await packageIr(namespace);
    const pkg = await importPackage(namespace);
    const specs = v4Namespaces().find((n) => n.namespace === namespace)!.specs;
    let sites = 0;
    let branches = 0;
    for (const [i, spec] of specs.entries()) {
      const doc = yaml.load(readFileSync(path.join(ROOT, spec), 'utf8')) as Record<string, unknown>;
      const version = sdk.versions.find((v) => v.sourceFile.endsWith(spec))!;
      expect(version, `${spec} (#${i})`).toBeDefined();
      const decls = new Map(version.modules.flatMap((m) => m.decls).map((d) => [d.id, d]));
      const found: Site[] = [];
      oneOfSites(doc, '', found);
      for (const site of found) {
        sites++;
        const names: string[] = [];
        for (const ref of site.refs) {
          const key = ref.replace('#/components/schemas/', '');
          const decl = decls.get(componentId(key));
          expect(decl, `${site.pointer} -> ${key}`).toBeDefined();
          if (decl!.kind !== 'model') continue;
          const expected = expectedWireName(key);
          expect(decl!.objectType, `${site.pointer} -> ${key}`).toBe(expected);
          const cls = exportedDecl(pkg, version, decl!) as { objectType: string; prototype: { $objectType: string } };
          expect(cls.objectType).toBe(expected);
          names.push(expected);
          branches++;
        }
        // Where the document shows an example `$objectType`, it names one of the branches.
        if (site.example && names.length > 0) expect(names, site.pointer).toContain(site.example);
      }
    }
    expect(sites).toBeGreaterThan(0);
    expect(branches).toBeGreaterThan(0);
  });
});
