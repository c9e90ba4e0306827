/**
 * Issue 23's seeded chaos run (test/server/recovery/chaos.ts; Amazon is the kit's
 * ledger with a seeded fault and decline injector, chaos-amazon.ts): `npm test` runs 300
 * seeds; `CHAOS_RUNS=10000 npx vitest run --project node test/server/recovery/chaos.test.ts`
 * runs more (CHAOS_SEED sets the first seed) and prints the figures;
 * CHAOS_RESTART_AFTER_CALL sets the chance that the process dies after each Amazon call (default 0.01).
 */
import { describe, expect, it } from 'vitest';
import { runChaos } from './chaos';

const runs = Number(process.env.CHAOS_RUNS ?? 300);
const first = Number(process.env.CHAOS_SEED ?? 1);
const restartAfterCall = process.env.CHAOS_RESTART_AFTER_CALL === undefined ? undefined : Number(process.env.CHAOS_RESTART_AFTER_CALL);

describe('seeded chaos: one order, the server deciding, one or two tabs, IPNs delayed/duplicated/reordered/lost, restarts, Amazon 5xx and lost replies, buyer actions at random moments', () => {
  it(`keeps every invariant over ${runs} seeds from ${first}`, () => {
    const failures: string[] = [];
    const ends: Record<string, number> = {};
    const readings: Record<string, number> = {};
    let calls = 0;
    let twoTabs = 0;
    for (let seed = first; seed < first + runs; seed += 1) {
      const result = runChaos(seed, restartAfterCall === undefined ? {} : { restartAfterCall });
      ends[result.endState] = (ends[result.endState] ?? 0) + 1;
      readings[result.readings] = (readings[result.readings] ?? 0) + 1;
      calls += result.amazonCalls;
      if (result.tabs === 2) twoTabs += 1;
      if (result.violations.length > 0) failures.push(`seed ${seed}: ${result.violations.join('; ')}`);
    }
    console.info(
      `chaos: ${runs} runs from seed ${first}, ${twoTabs} with two tabs, ${calls} Amazon calls, end states ${JSON.stringify(ends)}, readings ${JSON.stringify(readings)}, ${failures.length} runs with a violation`,
    );
    expect(failures.slice(0, 20)).toEqual([]);
  }, 600_000);
});
