// JavaScript, not TypeScript: vite.config.ts imports it, and Vite's native config loader (its coming default) runs
// the config's imports as they are. Types: waiting-first-sequencer.d.mts.
import { relative } from 'node:path';

/** Projects whose files mostly wait: on PostgreSQL, child processes, scheduled retries, a browser driven over a socket. */
const WAITING = new Set(['pg', 'e2e']);

/**
 * The waiting projects' files first, slowest first across them (as the last run timed them; files it did
 * not time before the others), then vitest's own order. vitest runs the projects one after another by
 * name, which started the pg files after every node file: their waits were the end of a full run. Now
 * they overlap the CPU-bound node and jsdom files. A run without pg and e2e (test:quick) keeps vitest's order.
 *
 * @implements {import('vitest/node').TestSequencer}
 */
export class WaitingFirstSequencer {
  /** @param {import('vitest/node').Vitest} vitest */
  constructor(vitest) {
    this.vitest = vitest;
  }

  // vitest/node is loaded when vitest sorts, not when Vite (a build, Storybook) reads the config.
  async base() {
    const { BaseSequencer } = await import('vitest/node');
    return new BaseSequencer(this.vitest);
  }

  /** @param {import('vitest/node').TestSpecification[]} files */
  async shard(files) {
    return (await this.base()).shard(files);
  }

  /** @param {import('vitest/node').TestSpecification[]} files */
  async sort(files) {
    const sorted = await (await this.base()).sort(files);
    /** @param {import('vitest/node').TestSpecification} spec */
    const lastDuration = (spec) =>
      this.vitest.cache.getFileTestResults(`${spec.project.name}:${relative(this.vitest.config.root, spec.moduleId)}`)?.duration ??
      Infinity;
    const waiting = sorted.filter((spec) => WAITING.has(spec.project.name));
    const durations = new Map(waiting.map((spec) => [spec, lastDuration(spec)]));
    // Array.prototype.sort is stable: equal durations keep vitest's order.
    waiting.sort((a, b) => (durations.get(b) ?? 0) - (durations.get(a) ?? 0));
    return [...waiting, ...sorted.filter((spec) => !WAITING.has(spec.project.name))];
  }
}
