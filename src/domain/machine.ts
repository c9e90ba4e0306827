/**
 * The shape every machine of the kit shares (the decline machine, the server's
 * recovery machine, the Checkout v2 charge machine), after zag's machines: a
 * pure `transition(state, event) -> { state, effects }` whose logic is a
 * table, `on[phase][event.type]`, of rows tried in order. A row's named
 * guard says when it applies; its named actions say what it does and which
 * phase follows. Effects and events use one vocabulary (below): a runner
 * carries `call`, `schedule`, `clearTimer` and `notify` out and feeds back
 * `callSucceeded`, `callFailed`, `timerFired` and `notified`.
 * docs/state-machines.md draws each table (scripts/machine-diagrams.ts).
 */

/** A machine's step: the next state and what the runner must do. */
export interface Transition<S, E> {
  readonly state: S;
  readonly effects: readonly E[];
}

/** Make this call; with `callId`, its reply comes back as `callSucceeded` / `callFailed` carrying it. */
export interface CallEffect<C> {
  readonly type: 'call';
  readonly call: C;
  readonly callId?: number;
}

/** Which of a machine's timers: `K`; a machine with one timer (the decline machine) names none. */
type TimerName<K extends string> = [K] extends [never] ? { readonly timer?: undefined } : { readonly timer: K };

/** Fire `timerFired` with `timer` and `timerId` at `at` (ms since the epoch). A timer the machine no longer awaits is ignored when it fires. */
export type ScheduleEffect<K extends string = never> = {
  readonly type: 'schedule';
  readonly timerId: number;
  readonly at: number;
} & TimerName<K>;

/** The timer is no longer awaited (a runner may drop it; if it fires, the machine ignores it). */
export type ClearTimerEffect<K extends string = never> = { readonly type: 'clearTimer'; readonly timerId: number } & TimerName<K>;

/** Tell someone outside the machine (the page's callbacks, the merchant's hooks). */
export interface NotifyEffect<N> {
  readonly type: 'notify';
  readonly notice: N;
}

export type TimerFired<K extends string = never> = {
  readonly type: 'timerFired';
  readonly at: number;
  readonly timerId: number;
} & TimerName<K>;

/**
 * When `guard` holds (no guard: always), `actions` run in order. `to` names
 * the phases the row may lead to (omitted: it stays): one when the row fixes
 * it, several when its actions choose from a reply or the decline policy.
 * The diagrams are drawn from `to`; outside production, `fire` checks it.
 */
export interface Row<P extends string, C, E> {
  readonly guard?: (machine: C, event: E) => boolean;
  readonly actions: readonly ((machine: C, event: E) => void)[];
  readonly to?: readonly P[];
}

type Rows<P extends string, E extends { readonly type: string }, C> = {
  readonly [T in E['type']]?: readonly Row<P, C, Extract<E, { readonly type: T }>>[];
};

/**
 * `on[phase][event type]`: the rows an event meets in a phase. An event type a
 * phase does not list is ignored there. `always`: rows every phase takes after
 * its own (zag's machine-level `on`), but the `final` phases, which take nothing.
 */
export interface MachineTable<P extends string, E extends { readonly type: string }, C> {
  readonly on: { readonly [phase in P]: Rows<P, E, C> };
  readonly always?: Rows<P, E, C>;
  readonly final?: readonly P[];
}

/**
 * Runs the first row of `on[phase][event.type]`, then of `always[event.type]`,
 * whose guard holds. False when none applies (the event changes nothing).
 * `phaseAfter` reads the phase the actions left; outside production a phase
 * the row does not name throws.
 */
export function fire<P extends string, E extends { readonly type: string }, C>(
  table: MachineTable<P, E, C>,
  phase: P,
  event: E,
  machine: C,
  phaseAfter: () => P,
): boolean {
  if (table.final?.includes(phase)) return false;
  const type = event.type as E['type'];
  const rows = [...(table.on[phase][type] ?? []), ...(table.always?.[type] ?? [])] as unknown as readonly Row<P, C, E>[];
  const row = rows.find((candidate) => !candidate.guard || candidate.guard(machine, event));
  if (!row) return false;
  for (const action of row.actions) action(machine, event);
  if (process.env.NODE_ENV !== 'production') {
    const after = phaseAfter();
    if (after !== phase && !row.to?.includes(after)) {
      throw new Error(
        `${phase} --${event.type}--> ${after}: the row (${row.actions.map((a) => a.name).join(', ')}) does not list ${after} in \`to\`.`,
      );
    }
  }
  return true;
}
