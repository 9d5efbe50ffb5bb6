// Builds the CLI into one ES module (dist/ntnx-sdkgen.mjs), the worker threads of
// generate-all into another (dist/worker.mjs), and the library's generate() into a third
// (dist/generate.mjs, what the benchmarks profile). Running the built file
// instead of the TypeScript sources through tsx saves the loader's start-up on
// every run; dependencies stay in node_modules.
import { build } from 'esbuild';

await build({
  entryPoints: { 'ntnx-sdkgen': 'generator/cli.ts', worker: 'generator/worker.ts', generate: 'generator/generate.ts' },
  outdir: 'dist',
  outExtension: { '.js': '.mjs' },
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  sourcemap: 'linked',
  logLevel: 'warning',
});
