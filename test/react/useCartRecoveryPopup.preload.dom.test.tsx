import { render } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { DEFAULT_POPUP_STORAGE_KEY } from '../../src/react/useRememberedDismissal';
import { useCartRecoveryPopup, type UseCartRecoveryPopupOptions } from '../../src/react/useCartRecoveryPopup';
import { InUkSandbox } from '../support/checkout-fixtures';
import { advance, setUpPopupHarness } from '../support/popup-harness';

const harness = setUpPopupHarness();

function Popup(options: UseCartRecoveryPopupOptions) {
  useCartRecoveryPopup(options);
  return null;
}

function renderPopup(options: UseCartRecoveryPopupOptions) {
  return render(
    <InUkSandbox backend={harness.backend}>
      <input className="card-field" aria-label="Card number" defaultValue="4111 1111 1111 1111" />
      <Popup {...options} />
    </InUkSandbox>,
  );
}

describe('useCartRecoveryPopup preloads only what may show', () => {
  it('preloads while it waits for its trigger', async () => {
    const onPreload = vi.fn();
    renderPopup({ fadeIn: 60, onPreload });
    await advance(0);
    expect(onPreload).toHaveBeenCalledTimes(1);
  });

  it('fetches nothing once the buyer dismissed it this session', async () => {
    sessionStorage.setItem(DEFAULT_POPUP_STORAGE_KEY, '1');
    const onPreload = vi.fn();
    renderPopup({ fadeIn: 0, onPreload });
    await advance(10_000);
    expect(onPreload).not.toHaveBeenCalled();
  });

  it('fetches nothing while suppressed; a trigger that fires later preloads then', async () => {
    const onPreload = vi.fn();
    const view = renderPopup({ fadeIn: 3, suppressWhenFilled: '.card-field', onPreload });
    await advance(10_000);
    expect(onPreload).not.toHaveBeenCalled();
    (view.getByLabelText('Card number') as HTMLInputElement).value = '';
    view.rerender(
      <InUkSandbox backend={harness.backend}>
        <input className="card-field" aria-label="Card number" defaultValue="" />
        <Popup fadeIn={0} suppressWhenFilled=".card-field" onPreload={onPreload} />
      </InUkSandbox>,
    );
    await advance(0);
    expect(onPreload).toHaveBeenCalledTimes(1);
  });

  it('fetches nothing while a controlled pop-up is not wanted', async () => {
    const onPreload = vi.fn();
    renderPopup({ open: false, fadeIn: 0, onPreload });
    await advance(10_000);
    expect(onPreload).not.toHaveBeenCalled();
  });
});

describe('useCartRecoveryPopup preloads once', () => {
  it('does not preload again when the trigger fires (a failed preload leaves the retry to the button)', async () => {
    const onPreload = vi.fn();
    renderPopup({ fadeIn: 3, onPreload });
    await advance(5000);
    expect(onPreload).toHaveBeenCalledTimes(1);
  });
});
