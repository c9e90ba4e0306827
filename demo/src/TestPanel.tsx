import { useId, useState, useSyncExternalStore } from 'react';
import { DECLINING_CARD, APPROVING_CARD } from './card-processor';
import type { DemoBackend, SandboxMethod } from './demo-backend';
import { simulationNoteFor } from './decline-simulation';
import { FAULT_METHODS, SIMULATED_DECLINES, updateSettings, useSettings, type DemoSettings, type SimulatedDecline } from './settings';

/** Reloads with `blockAmazon` set, since the simulated scripts are installed once per page load. */
function reloadWithBlockedScripts(block: boolean): void {
  updateSettings({ blockAmazon: block });
  const url = new URL(window.location.href);
  url.searchParams.set('blockAmazon', block ? '1' : '0');
  window.location.assign(url.href);
}

type NumericSetting = { [K in keyof DemoSettings]: DemoSettings[K] extends number ? K : never }[keyof DemoSettings];

function NumberSetting({ label, setting, max, step }: { label: string; setting: NumericSetting; max?: number; step?: number }) {
  const id = useId();
  const value = useSettings()[setting];
  return (
    <>
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        type="number"
        min={0}
        max={max}
        step={step}
        value={value}
        onChange={(e) => updateSettings({ [setting]: Math.max(0, Number(e.target.value) || 0) })}
      />
    </>
  );
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
          <NumberSetting label="Pop-up fadeIn (seconds)" setting="fadeIn" max={30} />
        </fieldset>

        <fieldset>
          <legend>Amazon Pay authorization</legend>
          <label htmlFor={`${id}-decline`}>Decline to simulate</label>
          <select
            id={`${id}-decline`}
            value={settings.decline}
            onChange={(e) => updateSettings({ decline: e.target.value as SimulatedDecline })}
          >
            {SIMULATED_DECLINES.map((d) => (
              <option key={d.value} value={d.value}>
                {d.label}
              </option>
            ))}
          </select>
          <div role="radiogroup" aria-label="Authorization mode" className="radios">
            {(['sync', 'async'] as const).map((mode) => (
              <label key={mode} className="check">
                <input
                  type="radio"
                  name={`${id}-mode`}
                  value={mode}
                  checked={settings.mode === mode}
                  onChange={() => updateSettings({ mode })}
                />
                {mode === 'sync' ? 'Synchronous' : 'Asynchronous'}
              </label>
            ))}
          </div>
          <NumberSetting label="Retry delay (seconds; Amazon: 60-120)" setting="retryDelaySeconds" max={120} />
          <p className="test-panel__hint">
            SellerAuthorizationNote of the first authorization: <code data-testid="simulation-note">{note ?? '(none)'}</code>
          </p>
        </fieldset>

        <fieldset>
          <legend>Server and network</legend>
          <NumberSetting label="Backend latency (ms)" setting="latencyMs" step={100} />
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
          <p className="test-panel__hint">Newest first, numbered in call order.</p>
          <ol className="server-log" data-testid="server-log" reversed>
            {log.map((entry) => (
              <li key={entry.id} value={entry.id} data-outcome={entry.outcome}>
                <code>{entry.method}</code> {entry.detail}
              </li>
            ))}
          </ol>
        </section>
      </details>
    </aside>
  );
}
