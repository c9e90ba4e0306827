import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  APPEARANCE_VARIABLE_NAMES,
  DARK_APPEARANCE,
  LIGHT_APPEARANCE,
  appearanceThemeOf,
  appearanceToCssVariables,
  appearanceVariableToCssProperty,
} from '../../src/browser/appearance';
import { resetWarningsForTests } from '../../src/domain/dev-warning';

afterEach(() => resetWarningsForTests());

/** The custom properties a rule of `css` declares; CSS strings in either quote style read as double-quoted. */
function declarations(css: string, selector: string): Record<string, string> {
  const start = css.indexOf(`${selector} {`);
  const block = css.slice(start, css.indexOf('}', start));
  return Object.fromEntries([...block.matchAll(/(--arp-[\w-]+):\s*([^;]+);/g)].map((match) => [match[1], match[2]!.replaceAll("'", '"')]));
}

describe('appearanceToCssVariables', () => {
  it('maps every variable to an --arp-* custom property', () => {
    expect(appearanceVariableToCssProperty('colorTextMuted')).toBe('--arp-color-text-muted');
    expect(appearanceVariableToCssProperty('zIndex')).toBe('--arp-z-index');
    const vars = appearanceToCssVariables({ variables: LIGHT_APPEARANCE });
    expect(Object.keys(vars)).toHaveLength(APPEARANCE_VARIABLE_NAMES.length);
    expect(vars).toMatchObject({ '--arp-color-primary': '#ffd814', '--arp-border-radius': '8px', '--arp-z-index': '1000' });
  });

  it("emits only the variables given (the preset is the stylesheet's); numbers for lengths are px", () => {
    const vars = appearanceToCssVariables({
      theme: 'dark',
      variables: { colorPrimary: 'rebeccapurple', borderRadius: 4, lineHeight: 1.4 },
    });
    expect(vars).toEqual({ '--arp-color-primary': 'rebeccapurple', '--arp-border-radius': '4px', '--arp-line-height': '1.4' });
    expect(appearanceToCssVariables(undefined)).toEqual({});
  });

  it('selects a known theme, light otherwise', () => {
    vi.spyOn(console, 'warn').mockImplementation(() => {});
    expect(appearanceThemeOf({})).toBe('light');
    expect(appearanceThemeOf({ theme: 'dark' })).toBe('dark');
    expect(appearanceThemeOf({ theme: 'none' })).toBe('none');
    // @ts-expect-error testing bad input
    expect(appearanceThemeOf({ theme: 'sepia' })).toBe('light');
  });

  it("theme 'none' emits only the variables given", () => {
    expect(appearanceToCssVariables({ theme: 'none', variables: { colorText: '#222' } })).toEqual({ '--arp-color-text': '#222' });
  });

  it('drops values that could inject CSS or load a resource, with one development warning each', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const hostile = {
      colorPrimary: 'red; background: url(https://evil.example/x)',
      colorText: 'red}body{display:none',
      shadow: '0 0 1px url(https://evil.example/track)',
      fontFamily: 'Arial</style><script>',
      colorBorder: 'image-set("x.png" 1x)',
    };
    // Dropped: the stylesheet's preset applies.
    expect(appearanceToCssVariables({ variables: hostile })).toEqual({});
    expect(warn).toHaveBeenCalledTimes(5);
    appearanceToCssVariables({ variables: hostile });
    expect(warn).toHaveBeenCalledTimes(5);
    expect(String(warn.mock.calls[0]?.[0])).toMatch(/appearance\.variables\.colorPrimary .* is ignored/);
  });

  it('uses CSS.supports where the browser has it, so a typo falls back to the preset', () => {
    vi.spyOn(console, 'warn').mockImplementation(() => {});
    vi.stubGlobal('CSS', { supports: (property: string, value: string) => !(property === 'color' && value === 'bluish') });
    try {
      const vars = appearanceToCssVariables({ variables: { colorPrimary: 'bluish', colorDanger: 'crimson' } });
      expect(vars).toEqual({ '--arp-color-danger': 'crimson' });
    } finally {
      vi.unstubAllGlobals();
    }
  });

  it('warns about unknown variable names and themes, and is silent in production', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    // @ts-expect-error testing bad input
    appearanceToCssVariables({ theme: 'sepia', variables: { colourPrimary: 'red' } });
    expect(warn.mock.calls.map((call) => String(call[0]))).toEqual([
      expect.stringMatching(/theme "sepia"/),
      expect.stringMatching(/colourPrimary is not an appearance variable/),
    ]);
    resetWarningsForTests();
    vi.stubEnv('NODE_ENV', 'production');
    try {
      appearanceToCssVariables({ variables: { colorText: 'red;' } });
      expect(warn).toHaveBeenCalledTimes(2);
    } finally {
      vi.unstubAllEnvs();
    }
  });

  it('base.css applies the presets the constants document', () => {
    const css = readFileSync(resolve(process.cwd(), 'src/styles/base.css'), 'utf8');
    const light = appearanceToCssVariables({ variables: LIGHT_APPEARANCE });
    const dark = appearanceToCssVariables({ variables: DARK_APPEARANCE });
    expect(declarations(css, ":where(:root, [data-arp-theme='light'])")).toEqual(light);
    expect({ ...light, ...declarations(css, ":where([data-arp-theme='dark'])") }).toEqual(dark);
  });
});
