/**
 * Text from the document, made safe for HTML. Descriptions are plain text with a
 * little markdown now and then: paragraphs, `code`, bullet lists and bare links
 * are kept; everything else is escaped, so no description can inject markup.
 */

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}

/** Inline markup of one line: `code`, **bold** and http(s) links. Input is raw text. */
function inline(text: string): string {
  const parts = text.split(/(`[^`\n]+`)/);
  return parts
    .map((part, i) => {
      if (i % 2 === 1) return `<code>${escapeHtml(part.slice(1, -1))}</code>`;
      return escapeHtml(part)
        .replace(/\*\*([^*]+)\*\*/g, '<strong>$1</strong>')
        .replace(/\bhttps?:\/\/[^\s<>"'()]+[^\s<>"'().,;:]/g, (url) => `<a href="${url}" rel="noopener">${url}</a>`);
    })
    .join('');
}

/** A description as HTML: paragraphs, bullet lists, inline code and links. */
export function descriptionHtml(text: string | undefined): string {
  if (!text) return '';
  const blocks = text
    .replace(/\r\n?/g, '\n')
    .replace(/[\u2028\u2029]/g, '\n')
    .split(/\n\s*\n/)
    .map((b) => b.trim())
    .filter(Boolean);
  return blocks
    .map((block) => {
      const lines = block.split('\n').map((l) => l.trim());
      if (lines.every((l) => /^[-*]\s+/.test(l))) return `<ul>${lines.map((l) => `<li>${inline(l.replace(/^[-*]\s+/, ''))}</li>`).join('')}</ul>`;
      return `<p>${lines.map(inline).join('<br>')}</p>`;
    })
    .join('\n');
}

/** The first sentence (or line) of a description, as plain text, for lists and search. */
export function summaryOf(text: string | undefined, max = 160): string {
  if (!text) return '';
  const first = text.replace(/\s+/g, ' ').trim();
  const sentence = /^(.+?[.!?])(\s|$)/.exec(first)?.[1] ?? first;
  return sentence.length > max ? sentence.slice(0, max - 1).trimEnd() + '…' : sentence;
}

/** JSON that can sit inside a `<script>` element. */
export function scriptJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}
