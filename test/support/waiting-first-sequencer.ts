import type { TestSequencer, TestSpecification, Vitest } from 'vitest/node';

/**
 * Projects whose files mostly wait (on PostgreSQL, child processes, a browser driven over a socket,
 * scheduled retries), in the order they start. vitest's own order is by project name, which started
 * the pg files last, after the CPU-bound node files: their waits were the end of the run.
 */
const WAITING_FIRST = ['pg', 'e2e'];

const rank = (spec: TestSpecification): number => {
  const index = WAITING_FIRST.indexOf(spec.project.name);
  return index === -1 ? WAITING_FIRST.length : index;
};

/**
 * vitest's order (failed first, then the slowest of the last run, or the largest file) within a project,
 * with the waiting projects' files queued first, so that their waits overlap the other projects' work.
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
    // Array.prototype.sort is stable: within a rank, vitest's order stays.
    return sorted.sort((a, b) => rank(a) - rank(b));
  }
}
