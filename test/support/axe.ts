import axe from 'axe-core';

/** The impacts that fail a test; minor and moderate findings are printed only by the story a11y panel. */
const FAILING_IMPACTS = new Set(['serious', 'critical']);

function describeViolations(violations: readonly axe.Result[]): string {
  return violations
    .map(
      (violation) =>
        `${violation.impact} ${violation.id}: ${violation.help}\n${violation.nodes.map((node) => `  ${node.target.join(' ')}`).join('\n')}`,
    )
    .join('\n');
}

/**
 * Runs axe-core on `context` (default the whole document) and throws on any
 * serious or critical violation. Works in jsdom (colour contrast needs real
 * layout, so that rule runs in browser tests only) and in headless Chromium.
 */
export async function expectNoSeriousA11yViolations(
  context: Element | Document = document,
  options: axe.RunOptions = {},
): Promise<axe.AxeResults> {
  const inJsdom = typeof navigator !== 'undefined' && /jsdom/i.test(navigator.userAgent);
  const results = await axe.run(context, {
    resultTypes: ['violations'],
    ...options,
    rules: { ...(inJsdom ? { 'color-contrast': { enabled: false } } : {}), ...options.rules },
  });
  const failing = results.violations.filter((violation) => FAILING_IMPACTS.has(violation.impact ?? ''));
  if (failing.length > 0) throw new Error(`Accessibility violations:\n${describeViolations(failing)}`);
  return results;
}
