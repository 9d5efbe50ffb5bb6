/**
 * Doc comments from the document's descriptions and constraints. Text from the
 * document can never end a comment early (`*\/`) or smuggle in code.
 */
import type { Constraints, Field } from '../ir/model.js';
import type { Templates } from '../templates.js';

/** Makes text safe inside a `/** ... *\/` block and trims trailing blank lines. */
export function docText(text: string | undefined): string {
  if (!text) return '';
  return text
    .replace(/\r\n?/g, '\n')
    .replace(/[\u2028\u2029]/g, '\n')
    .replace(/\*\//g, '*\\/')
    .replace(/\/\*/g, '/\\*')
    .split('\n')
    // `trimEnd` removes what `/\s+$/` would, without a regular expression per line.
    .map((line) => line.trimEnd())
    .join('\n')
    .replace(/^\n+|\n+$/g, '');
}

/** Lines such as `Minimum: 1. Maximum: 100. Pattern: ...` for a doc comment. */
export function constraintLines(c: Constraints): string[] {
  const out: string[] = [];
  if (c.format && !['int32', 'int64', 'double', 'float'].includes(c.format)) out.push(`Format: \`${inline(c.format)}\`.`);
  if (c.minimum !== undefined) out.push(`Minimum: ${c.minimum}.`);
  if (c.exclusiveMinimum !== undefined) out.push(`Greater than ${c.exclusiveMinimum}.`);
  if (c.maximum !== undefined) out.push(`Maximum: ${c.maximum}.`);
  if (c.exclusiveMaximum !== undefined) out.push(`Less than ${c.exclusiveMaximum}.`);
  if (c.minLength !== undefined || c.maxLength !== undefined) out.push(`Length: ${c.minLength ?? 0} to ${c.maxLength ?? 'any'} characters.`);
  if (c.minItems !== undefined || c.maxItems !== undefined) out.push(`Items: ${c.minItems ?? 0} to ${c.maxItems ?? 'any'}.`);
  if (c.uniqueItems) out.push('Items are unique.');
  if (c.pattern !== undefined) out.push(`Pattern: \`${inline(c.pattern)}\`.`);
  if (c.multipleOf !== undefined) out.push(`Multiple of ${c.multipleOf}.`);
  return out;
}

/** Text for inline code in a doc comment: safe, on one line, without backticks. */
export function inline(text: string): string {
  return docText(text).replace(/`/g, "'").replace(/\n/g, ' ');
}

/**
 * Renders a doc comment from its template (`templates/comments/<name>.hbs`,
 * overridable like every template), made safe for a comment block: whatever
 * the document or a template says cannot end the comment.
 */
export function comment(templates: Templates, name: string, data: object): string {
  // One string per template name: the maps below find it by its hash, kept in the string.
  let file = commentFiles.get(name);
  if (file === undefined) commentFiles.set(name, (file = `comments/${name}.hbs`));
  // Thousands of comments per package, many alike (`$reserved` on every model, `extId`...):
  // each distinct one is rendered once per run.
  let cache = renderedComments.get(templates);
  if (!cache) {
    cache = new Map();
    renderedComments.set(templates, cache);
  }
  // Found by the data's first long text (a description) as it is, then by the JSON of each
  // other value: the long text is neither copied into a key nor read again when met again
  // (a string keeps its hash).
  let long: string | undefined;
  let rest = file;
  if (!templates.isStatic(file)) {
    for (const key of Object.keys(data)) {
      const value = (data as Record<string, unknown>)[key];
      if (value === undefined) continue;
      if (long === undefined && typeof value === 'string' && value.length > 60) {
        long = value;
        rest += `\u0000${key}`;
      } else rest += `\u0000${key}:${JSON.stringify(value)}`;
    }
  }
  let byRest = cache.get(long);
  if (!byRest) cache.set(long, (byRest = new Map()));
  let text = byRest.get(rest);
  if (text === undefined) {
    text = docText(templates.render(file, data)).replace(/\n{3,}/g, '\n\n');
    byRest.set(rest, text);
  }
  return text;
}

const commentFiles = new Map<string, string>();
const renderedComments = new WeakMap<Templates, Map<string | undefined, Map<string, string>>>();

/** A short example value for a doc comment (objects and long values are left out). */
function exampleText(example: unknown): string | undefined {
  const text = example !== undefined && typeof example !== 'object' ? JSON.stringify(example) : undefined;
  return text !== undefined && text.length <= 120 ? inline(text) : undefined;
}

/** The doc comment of a model field. */
export function fieldDoc(f: Field, templates: Templates): string {
  return comment(templates, 'field', {
    description: f.description,
    readOnly: f.readOnly,
    writeOnly: f.writeOnly,
    requiredBy: f.requiredByOperations?.length ? f.requiredByOperations.map(inline).join(', ') : undefined,
    constraints: constraintLines(f.constraints),
    default: f.default !== undefined ? inline(JSON.stringify(f.default) ?? '') : undefined,
    example: exampleText(f.example),
    deprecated: f.deprecated,
  });
}

export function joinDoc(...parts: (string | undefined)[]): string {
  return parts.filter((p): p is string => !!p && p.trim() !== '').join('\n\n');
}

/** A `/** ... *\/` block for text (already made safe with `docText`). */
export function jsDoc(text: string): string {
  if (!text) return '';
  const lines = text.split('\n');
  if (lines.length === 1) return `/** ${lines[0]} */\n`;
  return `/**\n${lines.map((l) => (l ? ` * ${l}` : ' *')).join('\n')}\n */\n`;
}
