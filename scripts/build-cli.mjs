// Builds the CLI into one ES module (dist/ntnx-sdkgen.mjs). Running the built file
// instead of the TypeScript sources through tsx saves the loader's start-up on
// every run; dependencies stay in node_modules.
import { build } from 'esbuild';

await build({
  entryPoints: ['generator/cli.ts'],
  outfile: 'dist/ntnx-sdkgen.mjs',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  sourcemap: 'linked',
  logLevel: 'warning',
});
