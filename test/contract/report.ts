/**
 * The record of the contract run: `bench/CONTRACT.md`, whose table lists the
 * operations exercised per document. The tests write one summary per document
 * into `test/.tmp/contract/results/` and check that the table says the same;
 * after a change, run the contract tests and then
 *
 *     npx tsx test/contract/report.ts
 *
 * to rewrite the table (the text around it is kept).
 */
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ROOT } from '../support/packages.js';
import { WORK, passed, rejected, type DocumentRun } from './session.js';

export const CONTRACT_MD = path.join(ROOT, 'bench', 'CONTRACT.md');
const RESULTS = path.join(WORK, 'results');
const BEGIN = '<!-- contract-table:begin -->';
const END = '<!-- contract-table:end -->';

export interface RunSummary {
  readonly document: string;
  /** Operations of the version in the IR (= methods of the generated API classes). */
  readonly operations: number;
  /** Operations called. */
  readonly exercised: number;
  /** Calls Prism accepted and whose answer decoded. */
  readonly accepted: number;
  /** Calls Prism rejected as invalid. */
  readonly rejected: number;
  readonly allOfMerged: number;
  readonly objectTypesDeclared: number;
}

export function summarize(run: DocumentRun, operations: number): RunSummary {
  return {
    document: run.document,
    operations,
    exercised: run.outcomes.length,
    accepted: run.outcomes.filter(passed).length,
    rejected: run.outcomes.filter(rejected).length,
    allOfMerged: run.repairs.allOfMerged,
    objectTypesDeclared: run.repairs.objectTypesDeclared,
  };
}

export function saveSummary(summary: RunSummary): void {
  mkdirSync(RESULTS, { recursive: true });
  writeFileSync(path.join(RESULTS, `${summary.document.replace(/[/\\]/g, '__')}.json`), `${JSON.stringify(summary, null, 2)}\n`);
}

/** One table row; the test compares these cells with the recorded ones. */
export function row(s: RunSummary): string {
  return `| \`${s.document}\` | ${s.operations} | ${s.exercised} | ${s.accepted} | ${s.rejected} | ${s.allOfMerged} | ${s.objectTypesDeclared} |`;
}

export function table(summaries: readonly RunSummary[]): string {
  const sorted = [...summaries].sort((a, b) => a.document.localeCompare(b.document));
  const total = (key: keyof RunSummary): number => sorted.reduce((n, s) => n + (s[key] as number), 0);
  return [
    '| Document | Operations | Exercised | Accepted | Rejected | `allOf` merged | `$objectType` declared |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...sorted.map(row),
    `| **Total** | ${total('operations')} | ${total('exercised')} | ${total('accepted')} | ${total('rejected')} | ${total('allOfMerged')} | ${total('objectTypesDeclared')} |`,
  ].join('\n');
}

/** The row recorded for a document in bench/CONTRACT.md, or undefined. */
export function recordedRow(document: string): string | undefined {
  if (!existsSync(CONTRACT_MD)) return undefined;
  const text = readFileSync(CONTRACT_MD, 'utf8');
  const start = text.indexOf(BEGIN);
  const end = text.indexOf(END);
  if (start < 0 || end < start) return undefined;
  return text
    .slice(start, end)
    .split('\n')
    .find((line) => line.startsWith(`| \`${document}\` |`));
}

/** Rewrites the table in bench/CONTRACT.md from the saved summaries. */
export function writeTable(): number {
  const summaries = existsSync(RESULTS)
    ? readdirSync(RESULTS)
        .filter((f) => f.endsWith('.json'))
        .map((f) => JSON.parse(readFileSync(path.join(RESULTS, f), 'utf8')) as RunSummary)
    : [];
  const text = readFileSync(CONTRACT_MD, 'utf8');
  const start = text.indexOf(BEGIN);
  const end = text.indexOf(END);
  if (start < 0 || end < start) throw new Error(`${CONTRACT_MD} has no ${BEGIN} ... ${END} section`);
  writeFileSync(CONTRACT_MD, `${text.slice(0, start + BEGIN.length)}\n${table(summaries)}\n${text.slice(end)}`);
  return summaries.length;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const n = writeTable();
  console.log(`${path.relative(ROOT, CONTRACT_MD)}: table written from ${n} document summaries`);
}
