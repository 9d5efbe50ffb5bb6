/**
 * A full garbage collection on request. V8 collects the old generation only when it grows past
 * its limit, so what a finished step leaves behind (a parsed document once its IR is built, a
 * package once a worker has sent it) stays in memory while the next step allocates more: the
 * peak is then the sum of both. Collecting between such steps keeps the peak to the larger one
 * (measured on GitHub's 13 MB document: 290 MB peak without, 247 MB with, in the same time).
 */
import v8 from 'node:v8';
import vm from 'node:vm';

let gc: (() => void) | undefined;

export function collectGarbage(): void {
  if (!gc) {
    v8.setFlagsFromString('--expose-gc');
    gc = vm.runInNewContext('gc') as () => void;
  }
  gc();
}

/**
 * A full collection when the heap holds more than `bytes`: between the steps of a large package
 * (emitted, then its release files added) the garbage of the first is what the second would add
 * to the peak (GitHub's 13 MB document: 265 MB peak without, 253 MB with); a small package's
 * garbage is not worth the pause.
 */
export function collectLargeGarbage(bytes = 96 * 1024 * 1024): void {
  if (v8.getHeapStatistics().used_heap_size > bytes) collectGarbage();
}
