import { warnOnce } from '../domain/dev-warning';

/** A design token that styles.css (base.css) sets on :root; absent, the kit's stylesheet is not on the page. */
const TOKEN = '--arp-color-primary';

/**
 * Development only (call it behind `process.env.NODE_ENV !== 'production'`): warns once when the
 * kit's stylesheet is missing, so an unstyled pop-up is not a silent surprise. One computed-style
 * read. Not in jsdom, which lays nothing out (tests run without the stylesheet).
 */
export function warnIfStylesMissing(): void {
  if (navigator.userAgent.includes('jsdom')) return;
  if (getComputedStyle(document.documentElement).getPropertyValue(TOKEN).trim() !== '') return;
  warnOnce(
    'styles-missing',
    "the kit's stylesheet is not loaded, so the pop-up, the decline messages and the wallet are unstyled. Import it once: import 'react-amazon-pay-recovery/styles.css' (styling the kit yourself? define the --arp-* tokens on :root, docs/theming.md).",
  );
}
