/**
 * One API class of vmm, bundled for the browser: tree-shaken, minified, within the size aim,
 * and free of Node-only imports. `npm run bench:bundle` records the sizes in bench/BUNDLE.md.
 */
import path from 'node:path';
import { build } from 'esbuild';
import { beforeAll, describe, expect, it } from 'vitest';
import { AIM_BYTES, measure, prepareVmm, type BundleSize } from '../../scripts/pack/bundle-size.js';
import { tempDir } from './helpers.js';

describe('bundle size', () => {
  let app: string;
  let images: BundleSize;

  beforeAll(async () => {
    app = await prepareVmm(path.join(tempDir('bundle')));
    images = await measure(app, 'ImagesApi');
  });

  it(`ImagesApi with the runtime is at most ${AIM_BYTES / 1024} KB gzipped`, () => {
    expect(images.gzipped).toBeGreaterThan(2 * 1024); // it did bundle something real
    expect(images.gzipped).toBeLessThanOrEqual(AIM_BYTES);
  });

  it('tree-shakes: other API classes and unrelated models stay out', async () => {
    expect(images.code).toContain('/vmm/v4.0/content/images');
    expect(images.code).not.toContain('/vmm/v4.0/ahv/config/vms');
    expect(images.code).not.toContain('vmm.v4.ahv.stats.VmStatsTuple');
    const vm = await measure(app, 'VmApi');
    expect(vm.code).toContain('/vmm/v4.0/ahv/config/vms');
    expect(vm.code).not.toContain('/vmm/v4.0/content/images');
  });

  it('tree-shakes inside a module: one model of ahv.config leaves the other declarations of its file out', async () => {
    // ahv.config is one file of 200-odd declarations, among them unions whose branches decode models
    // of other modules (ErrorResponse of vmm.v4.error): read at load, those would stay in every bundle.
    const result = await build({
      stdin: { contents: "import { CdRom } from '@ntnx-sdk/vmm/v4.0/ahv/config';\nexport const cdRom = CdRom.fromJSON({});\n", resolveDir: app, loader: 'js', sourcefile: 'app.js' },
      bundle: true,
      minify: true,
      format: 'esm',
      platform: 'browser',
      target: 'es2022',
      write: false,
      logLevel: 'silent',
    });
    const code = result.outputFiles[0]!.text;
    expect(code).toContain('vmm.v4.ahv.config.CdRom');
    expect(code).not.toContain('vmm.v4.error.ErrorResponse');
    expect(code).not.toContain('vmm.v4.ahv.config.ADSFDiskMigrationPlan');
  });

  it('the browser path imports nothing Node-only (no undici, no node: modules)', () => {
    expect(images.externalImports).toEqual([]);
    expect(images.code).not.toMatch(/undici|node:/);
  });
});
