/**
 * One API class of vmm, bundled for the browser: tree-shaken, minified, within the size aim,
 * and free of Node-only imports. `npm run bench:bundle` records the sizes in bench/BUNDLE.md.
 */
import path from 'node:path';
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

  it('the browser path imports nothing Node-only (no undici, no node: modules)', () => {
    expect(images.externalImports).toEqual([]);
    expect(images.code).not.toMatch(/undici|node:/);
  });
});
