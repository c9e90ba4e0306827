import { relative } from 'node:path';
import type { TestSequencer, TestSpecification, Vitest } from 'vitest/node';

/** Projects whose files mostly wait: on PostgreSQL, child processes, scheduled retries, a browser driven over a socket. */
const WAITING = new Set(['pg', 'e2e']);

/**
 * The waiting projects' files first, slowest first across them (as the last run timed them; files it did
 * not time before the others), then vitest's own order. vitest runs the projects one after another by
 * name, which started the pg files after every node file: their waits were the end of a full run. Now
 * they overlap the CPU-bound node and jsdom files. A run without pg and e2e (test:quick) keeps vitest's order.
 */
export class WaitingFirstSequencer implements TestSequencer {
  constructor(private readonly vitest: Vitest) {}

  // vitest/node is loaded when vitest sorts, not when Vite (a build, Storybook) reads the config.
  private async base(): Promise<TestSequencer> {
    const { BaseSequencer } = await import('vitest/node');
    return new BaseSequencer(this.vitest);
  }

  async shard(files: TestSpecification[]): Promise<TestSpecification[]> {
    return (await this.base()).shard(files);
  }

  async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await (await this.base()).sort(files);
    const lastDuration = (spec: TestSpecification): number =>
      this.vitest.cache.getFileTestResults(`${spec.project.name}:${relative(this.vitest.config.root, spec.moduleId)}`)?.duration ??
      Infinity;
    const waiting = sorted.filter((spec) => WAITING.has(spec.project.name));
    const durations = new Map(waiting.map((spec) => [spec, lastDuration(spec)]));
    // Array.prototype.sort is stable: equal durations keep vitest's order.
    waiting.sort((a, b) => durations.get(b)! - durations.get(a)!);
    return [...waiting, ...sorted.filter((spec) => !WAITING.has(spec.project.name))];
  }
}
