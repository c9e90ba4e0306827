import { readFileSync, readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { APPEARANCE_VARIABLE_NAMES, appearanceVariableToCssProperty } from '../../src/browser/appearance';

const STYLES = resolve(process.cwd(), 'src/styles');

/** The component stylesheets (base.css only declares the tokens). */
const componentCss = readdirSync(STYLES)
  .filter((file) => file.endsWith('.css') && file !== 'base.css' && file !== 'index.css')
  .map((file) => readFileSync(resolve(STYLES, file), 'utf8'))
  .join('\n');

describe('design tokens', () => {
  it.each(APPEARANCE_VARIABLE_NAMES)('%s is read by a component stylesheet', (name) => {
    expect(componentCss).toContain(`var(${appearanceVariableToCssProperty(name)}`);
  });

  it('popup.css reads the tokens of the pop-up surface, not fixed colours', () => {
    const popup = readFileSync(resolve(STYLES, 'popup.css'), 'utf8');
    for (const token of [
      'colorBackground',
      'colorText',
      'colorPrimary',
      'colorPrimaryText',
      'colorDanger',
      'colorFocus',
      'colorOverlay',
      'colorWarning',
      'fontFamily',
      'borderRadius',
      'shadow',
      'zIndex',
    ] as const) {
      expect(popup, token).toContain(`var(${appearanceVariableToCssProperty(token)}`);
    }
    // Focus is shown with outlines (kept by forced colours), never by box-shadow alone.
    expect(popup).not.toMatch(/outline:\s*none;\s*\n\s*box-shadow/);
  });
});
