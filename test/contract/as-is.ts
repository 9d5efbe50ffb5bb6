/**
 * The contract run against the documents as they are (no repairs, see
 * document.ts), to measure what the repairs change:
 *
 *     npx tsx test/contract/as-is.ts [namespace ...]
 *
 * Prints, per document, how many calls Prism rejected and for what.
 * Needs the generated packages of a test run (`test/.tmp/bundles/`).
 */
import { importPackage, packageIr, v4Namespaces } from '../support/packages.js';
import { ContractSession, rejected } from './session.js';

const wanted = process.argv.slice(2);
let total = 0;
let totalRejected = 0;
for (const { namespace } of v4Namespaces()) {
  if (wanted.length && !wanted.includes(namespace)) continue;
  const [sdk, pkg] = await Promise.all([packageIr(namespace), importPackage(namespace)]);
  for (const version of sdk.versions) {
    const session = await ContractSession.start(namespace, version, pkg, { repair: false });
    try {
      const run = await session.runAll();
      const bad = run.outcomes.filter(rejected);
      const objectType = bad.filter((o) => o.requestViolations.some((v) => v.message.includes("found '$objectType'"))).length;
      total += run.outcomes.length;
      totalRejected += bad.length;
      console.log(`${run.document}: ${bad.length} of ${run.outcomes.length} rejected (${objectType} with an undeclared $objectType)`);
      const kinds = new Map<string, number>();
      for (const o of bad) {
        for (const v of o.requestViolations) {
          const kind = v.message.replace(/property \S+ /, 'property <x> ').replace(/found '(?!\$objectType)[^']*'/, "found '<other>'");
          kinds.set(kind, (kinds.get(kind) ?? 0) + 1);
        }
      }
      for (const [kind, n] of [...kinds].sort((a, b) => b[1] - a[1])) console.log(`    ${n} x ${kind}`);
    } finally {
      await session.stop();
    }
  }
}
console.log(`total: ${totalRejected} of ${total} rejected`);
