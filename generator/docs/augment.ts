/**
 * A copy of a document with our TypeScript samples in each operation's
 * `x-code-samples` (beside the Go, Java, JavaScript, Python, cURL and Wget ones
 * the Nutanix documents carry), so any OpenAPI viewer shows them too.
 *
 * This is the one place in the docs generator that touches the document's text,
 * and only to write into it: operations are found by the JSON pointer the IR
 * recorded. YAML keeps its comments and layout.
 */
import { createRequire } from 'node:module';

export const SAMPLE_LANG = 'TypeScript';

export interface CodeSample {
  /** JSON pointer of the operation object (`/paths/~1vms~1{extId}/get`), as in `Operation.pointer`. */
  readonly pointer: string;
  readonly source: string;
}

function segments(pointer: string): string[] {
  return pointer
    .replace(/^#/, '')
    .split('/')
    .slice(1)
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

interface SampleEntry {
  lang?: unknown;
  label?: unknown;
  source?: unknown;
}

/** Adds (or replaces) the TypeScript entry of `x-code-samples`; returns the new text and how many operations were found. */
export function addCodeSamples(text: string, format: 'yaml' | 'json', samples: readonly CodeSample[]): { text: string; added: number; missing: string[] } {
  const missing: string[] = [];
  let added = 0;
  const entry = (source: string) => ({ lang: SAMPLE_LANG, label: 'TypeScript (ntnx-sdkgen)', source });
  const merge = (existing: unknown, source: string): SampleEntry[] => {
    const list = Array.isArray(existing) ? (existing as SampleEntry[]).filter((e) => e?.lang !== SAMPLE_LANG) : [];
    return [...list, entry(source)];
  };

  if (format === 'json') {
    const doc = JSON.parse(text) as Record<string, unknown>;
    for (const s of samples) {
      let node: unknown = doc;
      for (const seg of segments(s.pointer)) node = node && typeof node === 'object' ? (node as Record<string, unknown>)[seg] : undefined;
      if (!node || typeof node !== 'object') {
        missing.push(s.pointer);
        continue;
      }
      const op = node as Record<string, unknown>;
      op['x-code-samples'] = merge(op['x-code-samples'], s.source);
      added++;
    }
    return { text: JSON.stringify(doc, null, 2) + '\n', added, missing };
  }

  // Loaded here: only this command edits YAML with its comments kept.
  const YAML = createRequire(import.meta.url)('yaml') as typeof import('yaml');
  const doc = YAML.parseDocument(text, { uniqueKeys: false });
  for (const s of samples) {
    const path = segments(s.pointer);
    const op = doc.getIn(path, true);
    if (!YAML.isMap(op)) {
      missing.push(s.pointer);
      continue;
    }
    const existing = op.get('x-code-samples');
    if (YAML.isSeq(existing)) {
      // Keep the other languages' entries exactly as they were written.
      existing.items = existing.items.filter((item) => !(YAML.isMap(item) && item.get('lang') === SAMPLE_LANG));
      existing.add(doc.createNode(entry(s.source)));
    } else {
      op.set('x-code-samples', doc.createNode([entry(s.source)]));
    }
    added++;
  }
  return { text: doc.toString({ indentSeq: false }), added, missing };
}
