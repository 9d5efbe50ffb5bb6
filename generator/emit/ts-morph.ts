/**
 * ts-morph, loaded with `require`. It is CommonJS and bundles the TypeScript
 * compiler: imported from an ES module, Node first scans its 10 MB for export
 * names, which took longer than emitting a whole package. `require` skips that.
 */
import { createRequire } from 'node:module';

const tsMorph = createRequire(import.meta.url)('ts-morph') as typeof import('ts-morph');

export const { ModuleDeclarationKind, printStructure, Scope, StructureKind } = tsMorph;
