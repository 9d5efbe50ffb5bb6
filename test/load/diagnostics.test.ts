/**
 * Every diagnostic the loader and the IR builder give, with its exact shape:
 * `file:line:column - severity [code] message (at #/pointer)`. Broken input
 * ends with exit code 1, no stack trace and no output left behind.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildPackageIr } from '../../generator/generate.js';
import { formatDiagnostic, GeneratorError, jsonOffset, SourcePositions } from '../../generator/load/diagnostics.js';
import { loadDocument } from '../../generator/load/load.js';
import { cli, FIXTURES, rel, scratch } from './support.js';

const fixture = (name: string) => rel(path.join(FIXTURES, name));

/** The formatted diagnostics a load (and IR build) ends with. */
async function failure(spec: string, options: { strict?: boolean } = {}): Promise<string[]> {
  try {
    await buildPackageIr({ specs: [spec], ...options });
  } catch (e) {
    if (e instanceof GeneratorError) return e.diagnostics.map(formatDiagnostic);
    throw e;
  }
  throw new Error(`${spec} loaded without errors`);
}

async function warnings(spec: string): Promise<string[]> {
  const { warnings } = await buildPackageIr({ specs: [spec] });
  return warnings.map(formatDiagnostic);
}

describe('diagnostics of broken documents', () => {
  it('missing file', async () => {
    expect(await failure('test/fixtures/no-such-file.yaml')).toEqual(['test/fixtures/no-such-file.yaml - error [unreadable] file not found']);
  });

  it('a folder instead of a file', async () => {
    expect(await failure('test/fixtures')).toEqual(['test/fixtures - error [unreadable] is a directory, not a document']);
  });

  describe('unreadable URL', () => {
    let server: Server;
    let base: string;
    beforeAll(async () => {
      server = createServer((req, res) => {
        if (req.url === '/ok.yaml') {
          res.setHeader('content-type', 'application/yaml');
          res.end(readFileSync(path.join(FIXTURES, 'openapi31.yaml')));
        } else {
          res.statusCode = 404;
          res.end('no');
        }
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    });
    afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

    it('HTTP error status', async () => {
      expect(await failure(`${base}/missing.yaml`)).toEqual([`${base}/missing.yaml - error [unreadable] cannot fetch the document: HTTP 404 Not Found`]);
    });

    it('nothing listening', async () => {
      // A port that was just free: bind, note it, close.
      const probe = createServer();
      await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
      const port = (probe.address() as AddressInfo).port;
      await new Promise<void>((resolve) => probe.close(() => resolve()));
      const [line] = await failure(`http://127.0.0.1:${port}/spec.yaml`);
      expect(line).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:${port}/spec\\.yaml - error \\[unreadable\\] cannot fetch the document: connect ECONNREFUSED 127\\.0\\.0\\.1:${port}$`));
    });

    it('a document served over HTTP loads', async () => {
      const loaded = await loadDocument(`${base}/ok.yaml`);
      expect(loaded.sourceVersion).toBe('3.1.0');
    });
  });

  it('invalid JSON, with line and column', async () => {
    expect(await failure(fixture('broken/invalid.json'))).toEqual([
      "test/fixtures/broken/invalid.json:4:3 - error [invalid-syntax] not valid JSON: Expected ',' or '}' after property value",
    ]);
  });

  it('invalid YAML, with line and column', async () => {
    const [line] = await failure(fixture('broken/invalid.yaml'));
    expect(line).toMatch(/^test\/fixtures\/broken\/invalid\.yaml:8:1 - error \[invalid-syntax\] not valid YAML: .+$/);
  });

  it('dangling $ref', async () => {
    expect(await failure(fixture('broken/dangling-ref.yaml'))).toEqual([
      'test/fixtures/broken/dangling-ref.yaml:14:23 - error [dangling-ref] $ref "#/components/schemas/Missing" points to nothing in the document (at #/paths/~1things/get/responses/200/content/application~1json/schema/$ref)',
    ]);
  });

  it('circular $ref made only of references', async () => {
    expect(await failure(fixture('broken/circular-ref.yaml'))).toEqual([
      'test/fixtures/broken/circular-ref.yaml:9:13 - error [circular-ref] $ref cycle #/components/schemas/A -> #/components/schemas/B -> #/components/schemas/C -> #/components/schemas/A: a schema that is only a reference to itself has no type (at #/components/schemas/A/$ref)',
    ]);
  });

  it('circular $ref through models is supported, not reported', async () => {
    expect(await warnings(fixture('recursive.yaml'))).toEqual([]);
  });

  it('unsupported version', async () => {
    expect(await failure(fixture('broken/unsupported-version.yaml'))).toEqual([
      'test/fixtures/broken/unsupported-version.yaml:1:10 - error [unsupported-version] unsupported OpenAPI version "4.0.0": expected 2.0, 3.0.x or 3.1.x (at #/openapi)',
    ]);
  });

  it('not an OpenAPI document', async () => {
    expect(await failure(fixture('broken/not-openapi.yaml'))).toEqual([
      'test/fixtures/broken/not-openapi.yaml:1:1 - error [not-openapi] no `openapi` or `swagger` version field: this is not an OpenAPI document',
    ]);
  });

  it('duplicate names, reserved words and non-ASCII names are warnings', async () => {
    expect(await warnings(fixture('broken/names.yaml'))).toEqual([
      'test/fixtures/broken/names.yaml:27:7 - warning [duplicate-name] schema "thing" is named Thing2 because Thing is taken in its module (at #/components/schemas/thing)',
      'test/fixtures/broken/names.yaml:31:7 - warning [reserved-word] schema name "Promise" is a reserved word or a global name in TypeScript; the type is named Promise_ (at #/components/schemas/Promise)',
      'test/fixtures/broken/names.yaml:36:7 - warning [non-ascii-name] schema name "Größe" has characters outside ASCII; the type is named Groesse (at #/components/schemas/Größe)',
      'test/fixtures/broken/names.yaml:17:20 - warning [duplicate-operation-id] operationId "listThings" is used twice in tag "Default" (also at /paths/~1things/get) (at #/paths/~1other-things/get/operationId)',
    ]);
  });

  it('--strict turns the same warnings into errors', async () => {
    const lines = await failure(fixture('broken/names.yaml'), { strict: true });
    expect(lines).toHaveLength(4);
    expect(lines.every((l) => / - error \[(duplicate-name|reserved-word|non-ascii-name|duplicate-operation-id)\] /.test(l))).toBe(true);
  });

  it('Swagger 2.0 problems point into the Swagger 2.0 source', async () => {
    expect(await warnings(fixture('swagger2/petstore.json'))).toEqual([
      'test/fixtures/swagger2/petstore.json:108:14 - warning [reserved-word] schema name "Error" is a reserved word or a global name in TypeScript; the type is named Error_ (at #/definitions/Error)',
      'test/fixtures/swagger2/petstore.json:101:29 - warning [unknown-type] unknown schema type "decimal"; treated as any JSON value (at #/definitions/Pet/properties/weight/type)',
    ]);
  });
});

describe('positions', () => {
  it('JSON pointers are found by scanning JSON text, escapes and arrays included', () => {
    const text = '{\n  "a": [1, {"b~/c": "x\\"}"}],\n  "d": {"e": true}\n}';
    expect(jsonOffset(text, ['a', '1', 'b~/c'])).toBe(text.indexOf('"x\\"'));
    expect(jsonOffset(text, ['d', 'e'])).toBe(text.indexOf('true'));
    const positions = new SourcePositions(text);
    expect(positions.locate('/d/e')).toEqual({ line: 3, column: 14 });
    // A pointer that goes further than the document: the deepest part that exists.
    expect(positions.locate('/d/missing')).toEqual({ line: 3, column: 8 });
  });
});

describe('the command line', () => {
  it('exit code 1, the diagnostic, no stack trace, nothing written', () => {
    const out = path.join(scratch('diag-cli'), 'pkg');
    const r = cli(['generate', '--spec', 'test/fixtures/broken/dangling-ref.yaml', '--out', rel(out)]);
    expect(r.status).toBe(1);
    expect(r.stderr.trim()).toBe(
      'test/fixtures/broken/dangling-ref.yaml:14:23 - error [dangling-ref] $ref "#/components/schemas/Missing" points to nothing in the document (at #/paths/~1things/get/responses/200/content/application~1json/schema/$ref)',
    );
    expect(r.stderr).not.toMatch(/^\s+at /m);
    expect(existsSync(out)).toBe(false);
  });

  it('--strict fails on warnings and leaves the previous output as it was', () => {
    const out = path.join(scratch('diag-strict'), 'pkg');
    mkdirSync(out, { recursive: true });
    writeFileSync(path.join(out, 'previous.txt'), 'kept');
    const r = cli(['generate', '--spec', 'test/fixtures/broken/names.yaml', '--out', rel(out), '--strict', '--no-format']);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('test/fixtures/broken/names.yaml:27:7 - error [duplicate-name] ');
    expect(r.stderr).not.toMatch(/^\s+at /m);
    expect(readdirSync(out)).toEqual(['previous.txt']);
    expect(readdirSync(path.dirname(out))).toEqual(['pkg']);
  });

  it('without --strict the warnings are printed and the package is written', () => {
    const out = path.join(scratch('diag-tolerant'), 'pkg');
    const r = cli(['generate', '--spec', 'test/fixtures/broken/names.yaml', '--out', rel(out), '--no-format']);
    expect(r.status).toBe(0);
    expect(r.stderr).toContain('test/fixtures/broken/names.yaml:36:7 - warning [non-ascii-name] ');
    expect(readFileSync(path.join(out, 'src', 'v1', 'models', 'index.ts'), 'utf8')).toMatch(/^export type Groesse = /m);
  });

  it('exit code 2 for a command line it cannot understand: the closest flag and the command\'s usage', () => {
    const typo = cli(['generate', '--spc', 'test/fixtures/openapi31.yaml', '--out', 'x']);
    expect(typo.status).toBe(2);
    const [first, blank, usage] = typo.stderr.split('\n');
    expect([first, blank, usage]).toEqual(['ntnx-sdkgen generate: unknown option --spc (did you mean --spec?)', '', 'Usage: ntnx-sdkgen generate --spec <file|url> [--spec <file|url> ...] --out <dir> [options]']);
    expect(typo.stderr).toContain('  --out <dir>  ');
    const all = cli(['generate-all', '--spec', 'specs']);
    expect(all.status).toBe(2);
    expect(all.stderr).toMatch(/^ntnx-sdkgen generate-all: unknown option --spec \(did you mean --specs\?\)\n\nUsage: ntnx-sdkgen generate-all /);
    expect(cli(['generate', '--out']).stderr).toMatch(/^ntnx-sdkgen generate: option --out needs a value\n/);
    const missing = cli(['generate', '--spec', 'test/fixtures/openapi31.yaml']);
    expect([missing.status, missing.stderr.split('\n')[0]]).toEqual([2, 'ntnx-sdkgen generate: --out is required']);
    const command = cli(['genrate']);
    expect([command.status, command.stderr.split('\n')[0]]).toEqual([2, 'ntnx-sdkgen: unknown command "genrate" (did you mean generate?)']);
    expect(cli(['pack', '--tarbals', 'x']).stderr.split('\n')[0]).toBe('ntnx-sdkgen pack: unknown option --tarbals (did you mean --tarballs?)');
    expect(cli(['diff', 'a.yaml']).status).toBe(2);
    for (const r of [typo, all, command]) expect(r.stderr).not.toMatch(/^\s+at |To specify a positional/m);
  });

  it('--help of each command prints that command\'s usage, exit code 0', () => {
    const expected: Record<string, string> = {
      generate: 'Usage: ntnx-sdkgen generate --spec',
      'generate-all': 'Usage: ntnx-sdkgen generate-all [--specs <dir>]',
      diff: 'Usage: ntnx-sdkgen diff <old> <new>',
      pack: 'Usage: ntnx-sdkgen pack',
      docs: 'Usage:\n  ntnx-sdkgen docs',
    };
    for (const [command, start] of Object.entries(expected)) {
      const r = cli([command, '--help']);
      expect(r.status, command).toBe(0);
      expect(r.stdout.startsWith(start), `${command}: ${r.stdout.slice(0, 80)}`).toBe(true);
    }
    const global = cli(['--help']);
    expect(global.status).toBe(0);
    expect(global.stdout).toContain('Exit codes: 0 done; 1 bad input');
  });

  it('a missing folder or file is named plainly, exit code 1', () => {
    const specs = cli(['generate-all', '--specs', 'nope', '--out', rel(scratch('diag-nope'))]);
    expect([specs.status, specs.stderr.trim()]).toEqual([1, 'ntnx-sdkgen: specs folder not found: nope']);
    const file = cli(['generate-all', '--specs', 'package.json']);
    expect([file.status, file.stderr.trim()]).toEqual([1, 'ntnx-sdkgen: specs is a file, not a folder: package.json']);
    const doc = cli(['generate', '--spec', 'test/fixtures/no-such-file.yaml', '--out', rel(scratch('diag-nofile'))]);
    expect([doc.status, doc.stderr.trim()]).toEqual([1, 'test/fixtures/no-such-file.yaml - error [unreadable] file not found']);
  });

  it('an unexpected failure is one line; --debug adds the stack', () => {
    const args = ['generate', '--spec', 'test/fixtures/openapi31.yaml', '--out', rel(path.join(scratch('diag-debug'), 'pkg')), '--templates', 'test/fixtures/no-such-templates'];
    const plain = cli(args);
    expect(plain.status).toBe(1);
    expect(plain.stderr.trim()).toMatch(/^ntnx-sdkgen: templates folder not found: .*no-such-templates \(run with --debug for details\)$/);
    const debug = cli([...args, '--debug']);
    expect(debug.status).toBe(1);
    expect(debug.stderr).toMatch(/^\s+at /m);
  });
});
