/**
 * Doc comments come from templates/comments/*.hbs, and a user's templates folder
 * overrides them by file name; nothing a template says can end a comment early.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { generate } from '../../generator/generate.js';
import { ROOT } from '../support/packages.js';

describe('doc comment templates', () => {
  it('are overridden by file name and stay inside their comment', async () => {
    const base = path.join(ROOT, 'test', '.tmp', 'comment-templates');
    const templates = path.join(base, 'templates', 'comments');
    mkdirSync(templates, { recursive: true });
    writeFileSync(path.join(templates, 'field.hbs'), 'ACME: {{description}}{{#if readOnly}} (server-owned){{/if}} */ alert(1) /*\n');
    writeFileSync(path.join(templates, 'operation.hbs'), 'ACME operation {{operationId}}: `{{method}} {{path}}`\n@param params - {{link paramsType}}\n');
    const out = path.join(base, 'multidomain');
    await generate({ specs: [path.join(ROOT, 'specs', 'multidomain', 'v4.2.yaml')], out, templates: path.join(base, 'templates') });

    const model = readFileSync(path.join(out, 'src', 'v4.2', 'models', 'config', 'index.ts'), 'utf8');
    expect(model).toMatch(/\/\*\* ACME: [^\n]*\(server-owned\) \*\\\/ alert\(1\) \/\\\* \*\//);
    expect(model).not.toContain('*/ alert(1)');
    const api = readFileSync(path.join(out, 'src', 'v4.2', 'apis', 'ExternalRepositoriesApi.ts'), 'utf8');
    expect(api).toContain('ACME operation listExternalRepositories: `GET /multidomain/v4.2/config/external-repositories`');
    expect(api).toContain('@param params - {@link ExternalRepositoriesApi.ListExternalRepositoriesParams}');
    // Templates that were not overridden still apply.
    expect(model).toContain('Decodes the JSON form.');
  });
});
