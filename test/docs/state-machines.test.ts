import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MACHINES, renderMachineDocs } from '../../scripts/machine-docs';

describe('docs/state-machines.md', () => {
  it('is what the tables give (run `npm run docs:machines` after changing a table)', () => {
    const written = readFileSync(resolve(import.meta.dirname, '../../docs/state-machines.md'), 'utf8');
    expect(written).toBe(renderMachineDocs());
  });

  it('draws every phase of every machine, each reachable from the first', () => {
    type Rows = Record<string, ReadonlyArray<{ to?: readonly string[] }>>;
    const targets = (rows: Rows) => Object.values(rows).flatMap((list) => list.flatMap((row) => row.to ?? []));
    for (const machine of MACHINES) {
      const { on, always, final = [] } = machine.table;
      const reached = new Set([machine.initial]);
      for (let grew = true; grew;) {
        grew = false;
        for (const phase of [...reached]) {
          const next = [...targets(on[phase] as Rows), ...(final.includes(phase) ? [] : targets((always ?? {}) as Rows))];
          for (const target of next) if (!reached.has(target)) grew = reached.add(target).size > 0;
        }
      }
      expect([...reached].sort(), machine.title).toEqual(Object.keys(on).sort());
    }
  });
});
