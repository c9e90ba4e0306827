/**
 * docs/state-machines.md, drawn from the machines' tables (src/domain/machine.ts):
 * a Mermaid state diagram and the table's rows per machine. `npm run docs:machines`
 * writes it (scripts/machine-diagrams.mjs); test/docs/state-machines.test.ts fails
 * when the file is not what the tables give. Guards and actions are named by their
 * functions' names: a table's rows are the functions' own.
 */
import { DECLINE_MACHINE } from '../src/domain/decline-machine';
import type { MachineTable, Row } from '../src/domain/machine';
import { CHARGE_MACHINE } from '../src/server/recovery/charge-machine';
import { RECOVERY_MACHINE } from '../src/server/recovery/recovery-machine';

interface Machine {
  readonly title: string;
  readonly source: string;
  readonly table: MachineTable<string, { readonly type: string }, never>;
  readonly initial: string;
  readonly about: string;
}

export const MACHINES: readonly Machine[] = [
  {
    title: 'Decline machine',
    source: '`DECLINE_MACHINE` in `src/domain/decline-machine.ts`',
    table: DECLINE_MACHINE as unknown as Machine['table'],
    initial: 'idle',
    about:
      "One order reference after a decline, in the browser (`createDeclineRunner`, `useDeclineHandler`) or inside the server's recovery machine: authorizations, re-authorizations within the policy's budget, the Wallet, retries, polling, notifications. Each phase says what it waits for (`DeclinePhase`); `callSucceeded` and `callFailed` are the replies of the call the phase awaits, `timerFired` its one timer.",
  },
  {
    title: 'Server recovery machine',
    source: '`RECOVERY_MACHINE` in `src/server/recovery/recovery-machine.ts`',
    table: RECOVERY_MACHINE as unknown as Machine['table'],
    initial: 'awaitingResult',
    about:
      "The kit's server recovers one asynchronous order after the buyer left (docs/durable-server.md): the decline machine (`decline` events: its calls' replies, notifications, its timer) plus a decline window with a reminder and a deadline, the repeats of a refused call, and the cancel of the order reference at the deadline or for \"Pay another way\" (`closing`). While the decline machine works, the recovery's phase is the decline machine's, grouped (`RECOVERY_PHASE`): `retryScheduled`; `awaitingBuyer` (the Wallet, or the buyer updating the payment method); an end state; otherwise `awaitingResult`.",
  },
  {
    title: 'Checkout v2 charge machine',
    source: '`CHARGE_MACHINE` in `src/server/recovery/charge-machine.ts`',
    table: CHARGE_MACHINE as unknown as Machine['table'],
    initial: 'awaitingResult',
    about:
      'The server watches one Checkout v2 charge authorized asynchronously (`canHandlePendingAuthorization`) until Amazon settles it: `chargeRead` is a Get Charge the runner made (when it starts watching, after a notification, for a poll or the last check), `timerFired` one of its timers (`chargePoll`, `chargeLastCheck`).',
  },
];

type AnyRow = Row<string, never, never>;
type Rows = Record<string, readonly AnyRow[]>;

const nameOf = (fn: { readonly name: string }): string => fn.name.replace(/\d+$/, '');
const rowsOf = (on: Rows, phase: string): Array<{ phase: string; event: string; row: AnyRow }> =>
  Object.entries(on).flatMap(([event, rows]) => rows.map((row) => ({ phase, event, row })));
const phaseRows = (machine: Machine) => Object.entries(machine.table.on).flatMap(([phase, on]) => rowsOf(on as Rows, phase));
const EVERY_PHASE = '(every phase)';
const finalPhases = (machine: Machine): readonly string[] => machine.table.final ?? [];
const code = (names: readonly string[]) => names.map((name) => `\`${name}\``).join(', ');

function diagram(machine: Machine): string {
  const lines = ['stateDiagram-v2', `  [*] --> ${machine.initial}`];
  // One arrow per phase and target, labelled with the events and guards of the rows it stands for.
  const arrows = new Map<string, Map<string, string[]>>();
  for (const { phase, event, row } of phaseRows(machine)) {
    for (const target of row.to ?? [phase]) {
      const key = `${phase} --> ${target}`;
      const events = arrows.get(key) ?? new Map<string, string[]>();
      events.set(event, [...(events.get(event) ?? []), row.guard ? nameOf(row.guard) : 'otherwise']);
      arrows.set(key, events);
    }
  }
  const label = (event: string, guards: readonly string[]) =>
    guards.every((guard) => guard === 'otherwise') ? event : `${event} [${[...new Set(guards)].join(' or ')}]`;
  for (const [key, events] of arrows) lines.push(`  ${key}: ${[...events].map(([event, guards]) => label(event, guards)).join(', ')}`);
  for (const phase of finalPhases(machine)) lines.push(`  ${phase} --> [*]`);
  return lines.join('\n');
}

function rowsTable(machine: Machine): string {
  const lines = ['| phase | event | guard | actions | to |', '| --- | --- | --- | --- | --- |'];
  const always = rowsOf((machine.table.always ?? {}) as Rows, EVERY_PHASE);
  for (const { phase, event, row } of [...phaseRows(machine), ...always]) {
    const where = phase === EVERY_PHASE ? phase : `\`${phase}\``;
    lines.push(
      `| ${where} | \`${event}\` | ${row.guard ? code([nameOf(row.guard)]) : '(otherwise)'} | ${code(row.actions.map(nameOf))} | ${row.to ? code(row.to) : '(stays)'} |`,
    );
  }
  const final = finalPhases(machine);
  if (always.length > 0)
    lines.push(
      '',
      `${EVERY_PHASE}: the rows every phase takes after its own${final.length > 0 ? `, but the final ones` : ''} (not drawn above).`,
    );
  if (final.length > 0) lines.push('', `Final (no event changes them): ${code(final)}.`);
  return lines.join('\n');
}

export function renderMachineDocs(): string {
  const parts = [
    '# State machines',
    '',
    '<!-- Generated by `npm run docs:machines` (scripts/machine-docs.ts) from the tables in src/; test/docs/state-machines.test.ts fails when this file is stale. Edit the tables, not this file. -->',
    '',
    "The kit's machines are pure functions, `transition(state, event) -> { state, effects }`, whose logic is one table each: `on[phase][event]`, rows tried in order, the first whose guard holds runs its actions (`src/domain/machine.ts`, after zag's machines). An event a phase does not list changes nothing there; `always` rows apply in every phase but the final ones. Effects and events share one vocabulary: a runner carries out `call`, `schedule`, `clearTimer` and `notify`, and feeds back `callSucceeded`, `callFailed`, `timerFired` and `notified`; the recovery machine passes the decline machine's effects on unchanged and takes its phase from the decline machine's.",
    '',
    'Each arrow below stands for one or more rows: `event [guard]`. Where a row names several targets, its actions choose (from a reply or the decline policy); outside production the kit checks that the phase they chose is one the row names.',
  ];
  for (const machine of MACHINES) {
    parts.push(
      '',
      `## ${machine.title}`,
      '',
      `${machine.source}. ${machine.about}`,
      '',
      '```mermaid',
      diagram(machine),
      '```',
      '',
      rowsTable(machine),
    );
  }
  return `${parts.join('\n')}\n`;
}
