import { useId, useState, useSyncExternalStore } from 'react';
import { DECLINING_CARD, APPROVING_CARD } from './card-processor';
import type { DemoBackend, SandboxMethod } from './demo-backend';
import { simulationNoteFor } from './decline-simulation';
import { FAULT_METHODS, SIMULATED_DECLINES, updateSettings, useSettings, type SimulatedDecline } from './settings';

/** Reloads with `blockAmazon` set, since the simulated scripts are installed once per page load. */
function reloadWithBlockedScripts(block: boolean): void {
  updateSettings({ blockAmazon: block });
  const url = new URL(window.location.href);
  url.searchParams.set('blockAmazon', block ? '1' : '0');
  window.location.assign(url.href);
}

/**
 * The demo's test panel: every knob the e2e tests and a curious visitor turn.
 * It is part of the demo, not of the kit.
 */
export function TestPanel({ demo }: { demo: DemoBackend }) {
  const settings = useSettings();
  const id = useId();
  const [faultMethod, setFaultMethod] = useState<SandboxMethod>('authorize');
  const [armed, setArmed] = useState<string | null>(null);
  const log = useSyncExternalStore(demo.subscribeLog, demo.log, demo.log);
  const note = simulationNoteFor(settings.decline);
  const charges = Object.values(demo.completedCheckouts()).filter((c) => c.state === 'Completed').length;

  return (
    <aside className="test-panel" aria-labelledby={`${id}-title`}>
      <details open>
        <summary>
          <h2 id={`${id}-title`}>Test panel</h2>
        </summary>
        <p className="test-panel__hint">Not part of a real shop: these controls script the sandbox.</p>

        <fieldset>
          <legend>Card checkout</legend>
          <label className="check">
            <input type="checkbox" checked={settings.cardDeclines} onChange={(e) => updateSettings({ cardDeclines: e.target.checked })} />
            Decline every card
          </label>
          <p className="test-panel__hint">
            Or use <code>{DECLINING_CARD}</code> (always declines); <code>{APPROVING_CARD}</code> is approved when the box is clear.
          </p>
          <label htmlFor={`${id}-fade`}>Pop-up fadeIn (seconds)</label>
          <input
            id={`${id}-fade`}
            type="number"
            min={0}
            max={30}
            value={settings.fadeIn}
            onChange={(e) => updateSettings({ fadeIn: Math.max(0, Number(e.target.value) || 0) })}
          />
        </fieldset>

        <fieldset>
          <legend>Amazon Pay authorization</legend>
          <label htmlFor={`${id}-decline`}>Decline to simulate</label>
          <select id={`${id}-decline`} value={settings.decline} onChange={(e) => updateSettings({ decline: e.target.value as SimulatedDecline })}>
            {SIMULATED_DECLINES.map((d) => (
              <option key={d.value} value={d.value}>
                {d.label}
              </option>
            ))}
          </select>
          <div role="radiogroup" aria-label="Authorization mode" className="radios">
            {(['sync', 'async'] as const).map((mode) => (
              <label key={mode} className="check">
                <input type="radio" name={`${id}-mode`} value={mode} checked={settings.mode === mode} onChange={() => updateSettings({ mode })} />
                {mode === 'sync' ? 'Synchronous' : 'Asynchronous'}
              </label>
            ))}
          </div>
          <label htmlFor={`${id}-retry`}>Retry delay (seconds; Amazon: 60-120)</label>
          <input
            id={`${id}-retry`}
            type="number"
            min={0}
            max={120}
            value={settings.retryDelaySeconds}
            onChange={(e) => updateSettings({ retryDelaySeconds: Math.max(0, Number(e.target.value) || 0) })}
          />
          <p className="test-panel__hint">
            SellerAuthorizationNote of the first authorization: <code data-testid="simulation-note">{note ?? '(none)'}</code>
          </p>
        </fieldset>

        <fieldset>
          <legend>Server and network</legend>
          <label htmlFor={`${id}-latency`}>Backend latency (ms)</label>
          <input
            id={`${id}-latency`}
            type="number"
            min={0}
            step={100}
            value={settings.latencyMs}
            onChange={(e) => updateSettings({ latencyMs: Math.max(0, Number(e.target.value) || 0) })}
          />
          <label htmlFor={`${id}-fault`}>Fail the next call with HTTP 500</label>
          <div className="row">
            <select id={`${id}-fault`} value={faultMethod} onChange={(e) => setFaultMethod(e.target.value as SandboxMethod)}>
              {FAULT_METHODS.map((m) => (
                <option key={m}>{m}</option>
              ))}
            </select>
            <button
              type="button"
              onClick={() => {
                demo.sandbox.injectFault({ method: faultMethod, kind: 'amazon', code: 'InternalServerError' });
                setArmed(faultMethod);
              }}
            >
              Arm fault
            </button>
          </div>
          <p role="status" className="test-panel__hint">
            {armed ? `The next ${armed} call answers HTTP 500.` : ''}
          </p>
          <label className="check">
            <input type="checkbox" checked={settings.blockAmazon} onChange={(e) => reloadWithBlockedScripts(e.target.checked)} />
            Block Amazon&apos;s scripts once (reloads the page)
          </label>
        </fieldset>

        <section aria-labelledby={`${id}-log`}>
          <h3 id={`${id}-log`}>Server log</h3>
          <p className="test-panel__hint">
            Amazon Pay charges this session: <strong data-testid="charge-count">{charges}</strong>
          </p>
          <ol className="server-log" data-testid="server-log">
            {log.map((entry) => (
              <li key={entry.id} data-outcome={entry.outcome}>
                <code>{entry.method}</code> {entry.detail}
              </li>
            ))}
          </ol>
        </section>
      </details>
    </aside>
  );
}
