/**
 * <RecoveryReport> in headless Chromium: WCAG 2.2 AA (axe, colour contrast
 * included) in the light and dark themes, a custom theme's tokens read, and in
 * forced colours the bars keep distinct system colours.
 */
import { cleanup, render } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { cdp } from 'vitest/browser';
import '../../src/styles/report-entry.css';
import { aggregateRecoveryReport } from '../../src/domain/recovery-report';
import { RecoveryReport } from '../../src/react/RecoveryReport';
import { sampleRecoveryEvents } from '../../src/testing/sample-recovery-events';
import { expectNoSeriousA11yViolations } from '../support/axe';
import { computedColor, contrast } from '../support/css-colors';

const report = aggregateRecoveryReport(sampleRecoveryEvents({ start: Date.UTC(2026, 9, 1), days: 30, seed: 29 }), {
  from: '2026-10-01',
  to: '2026-10-31',
});

afterEach(async () => {
  cleanup();
  await cdp().send('Emulation.setEmulatedMedia', { features: [{ name: 'forced-colors', value: 'none' }] });
});

const segment = (kind: string) => document.querySelector<HTMLElement>(`.arp-report__segment--${kind}`)!;

describe('<RecoveryReport> in Chromium', () => {
  it.each(['light', 'dark'] as const)('%s theme: no serious axe violation, the bars hold 3:1 against the surface', async (theme) => {
    render(<RecoveryReport report={report} appearance={{ theme }} />);
    await expectNoSeriousA11yViolations(document);
    const surface = computedColor(getComputedStyle(document.querySelector('.arp-report')!).backgroundColor);
    for (const kind of ['recovered', 'lost', 'pending'])
      expect(contrast(computedColor(getComputedStyle(segment(kind)).backgroundColor), surface)).toBeGreaterThanOrEqual(3);
  });

  it('a custom theme: the report reads the tokens it is given', () => {
    render(
      <RecoveryReport report={report} appearance={{ theme: 'light', variables: { colorSuccess: '#005a31', colorText: '#101010' } }} />,
    );
    expect(getComputedStyle(segment('recovered')).backgroundColor).toBe('rgb(0, 90, 49)');
    expect(getComputedStyle(document.querySelector('.arp-report')!).color).toBe('rgb(16, 16, 16)');
  });

  it('forced colours: the bars keep distinct system colours, and axe passes', async () => {
    await cdp().send('Emulation.setEmulatedMedia', { features: [{ name: 'forced-colors', value: 'active' }] });
    render(<RecoveryReport report={report} />);
    const colours = ['recovered', 'lost', 'pending'].map((kind) => getComputedStyle(segment(kind)).backgroundColor);
    expect(new Set(colours).size).toBe(3);
    for (const colour of colours) expect(colour).not.toBe('rgba(0, 0, 0, 0)');
    await expectNoSeriousA11yViolations(document);
  });
});
