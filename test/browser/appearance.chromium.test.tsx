import { screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { resetWarningsForTests } from '../../src/domain/dev-warning';
import { expectNoSeriousA11yViolations } from '../support/axe';
import { computedColor } from '../support/css-colors';
import { renderWallet } from '../support/render-wallet';

let cleanup: (() => void) | undefined;
afterEach(() => {
  cleanup?.();
  cleanup = undefined;
  resetWarningsForTests();
});

describe('appearance in a real browser', () => {
  it("reaches the WalletWidget's stylesheet through the provider's custom properties", async () => {
    const setup = renderWallet({
      appearance: { variables: { colorPrimary: '#0b5cad', colorPrimaryText: '#ffffff', borderRadius: 3 } },
      widgets: { blockedLoads: 1 },
    });
    cleanup = setup.cleanup;
    const retry = await screen.findByRole('button', { name: 'Try again' });
    const style = getComputedStyle(retry);
    expect(style.backgroundColor).toBe(computedColor('#0b5cad'));
    expect(style.color).toBe(computedColor('#ffffff'));
    expect(style.borderTopLeftRadius).toBe('3px');
    await expectNoSeriousA11yViolations(document);
  });

  it('applies the dark preset, and a typo falls back to the preset with a warning', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const setup = renderWallet({ appearance: { theme: 'dark', variables: { colorDanger: 'reddish' } }, widgets: { blockedLoads: 1 } });
    cleanup = setup.cleanup;
    const alert = await screen.findByRole('alert');
    // The fallback's border carries the danger tone; its text stays in the theme's text colour (legible on the tint).
    expect(getComputedStyle(alert).borderTopColor).toBe(computedColor('#ff8a80'));
    expect(getComputedStyle(alert).color).toBe(computedColor('#f2f4f4'));
    expect(getComputedStyle(screen.getByRole('main')).backgroundColor).toBe(computedColor('#1b1f23'));
    expect(warn).toHaveBeenCalledWith(expect.stringMatching(/colorDanger "reddish" is not a valid color/));
    // Colour contrast is checked here, with real layout.
    await expectNoSeriousA11yViolations(document);
  });

  it('keeps the stylesheet fallbacks without an appearance', async () => {
    const setup = renderWallet({ widgets: { blockedLoads: 1 } });
    cleanup = setup.cleanup;
    const retry = await screen.findByRole('button', { name: 'Try again' });
    // base.css (in index.css) sets the light tokens at :root.
    expect(getComputedStyle(retry).backgroundColor).toBe(computedColor('#ffd814'));
  });
});
