import type { TestSequencer, TestSpecification, Vitest } from 'vitest/node';

/** The pg and e2e files first, slowest first across both, then vitest's order (waiting-first-sequencer.mjs). */
export declare class WaitingFirstSequencer implements TestSequencer {
  constructor(vitest: Vitest);
  shard(files: TestSpecification[]): Promise<TestSpecification[]>;
  sort(files: TestSpecification[]): Promise<TestSpecification[]>;
}
