// Builds the CLI into one ES module (dist/ntnx-sdkgen.mjs), and the worker threads of
// generate-all into another (dist/worker.mjs). Running the built file
// instead of the TypeScript sources through tsx saves the loader's start-up on
// every run; dependencies stay in node_modules.
import { build } from 'esbuild';

await build({
  entryPoints: { 'ntnx-sdkgen': 'generator/cli.ts', worker: 'generator/worker.ts' },
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
