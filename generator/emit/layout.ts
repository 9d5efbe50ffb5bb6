/**
 * Line layout for expressions the emitters build as text: one line when it
 * fits, one item per line when it does not, so that generated files read like
 * formatted code without a formatter pass (formatting all files with prettier
 * would cost more than the rest of generation together).
 */

/** Longest line the layout aims for (prettier's `printWidth` for the same output). */
export const WIDTH = 120;

function indentLines(text: string): string {
  return text.replace(/\n/g, '\n  ');
}

function fits(text: string, room: number): boolean {
  return !text.includes('\n') && text.length <= room;
}

/** `{ a: 1, b: 2 }` or one entry per line. `room`: width left on the line. */
export function objectLiteral(entries: readonly string[], room = WIDTH - 24): string {
  if (entries.length === 0) return '{}';
  const flat = `{ ${entries.join(', ')} }`;
  if (fits(flat, room)) return flat;
  return `{\n${entries.map((e) => `  ${indentLines(e)},`).join('\n')}\n}`;
}

/** `[a, b]` or one item per line. */
export function arrayLiteral(items: readonly string[], room = WIDTH - 24): string {
  if (items.length === 0) return '[]';
  const flat = `[${items.join(', ')}]`;
  if (fits(flat, room)) return flat;
  return `[\n${items.map((e) => `  ${indentLines(e)},`).join('\n')}\n]`;
}

/** `A | B` or, when long, one member per line with a leading `|`. */
export function unionType(members: readonly string[], room = WIDTH - 30): string {
  const flat = members.join(' | ');
  if (fits(flat, room) || members.length < 2) return flat;
  return `\n${members.map((m) => `  | ${m}`).join('\n')}`;
}

/** `name(args)` or one argument per line. */
export function call(callee: string, args: readonly string[], room = WIDTH - 24): string {
  const flat = `${callee}(${args.join(', ')})`;
  if (fits(flat, room)) return flat;
  return `${callee}(\n${args.map((a) => `  ${indentLines(a)},`).join('\n')}\n)`;
}
