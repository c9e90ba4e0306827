import { warnOnce } from '../domain/dev-warning';

/**
 * The design tokens of the kit. Each maps to a CSS custom property on the
 * provider's root (`colorPrimary` -> `--arp-color-primary`) that every
 * component stylesheet reads with a fallback, so the kit also works unthemed.
 */
export interface AppearanceVariables {
  /** Buttons, links, the focus accent. */
  readonly colorPrimary: string;
  /** Text on `colorPrimary`. */
  readonly colorPrimaryText: string;
  /** Surfaces: dialogs, cards, the wallet's placeholder. */
  readonly colorBackground: string;
  readonly colorText: string;
  /** Secondary text (hints, captions); keep 4.5:1 contrast on `colorBackground`. */
  readonly colorTextMuted: string;
  /** Errors and declines. */
  readonly colorDanger: string;
  /** Confirmations (payment accepted). */
  readonly colorSuccess: string;
  /** Pending and soft-decline notices. */
  readonly colorWarning: string;
  readonly colorBorder: string;
  /** The backdrop behind modal dialogs (usually translucent). */
  readonly colorOverlay: string;
  /** Keyboard focus ring colour. */
  readonly colorFocus: string;
  /** The pop-up's header band (Amazon Pay's squid ink by default). */
  readonly colorBrand: string;
  /** Text and the brand mark on `colorBrand`. */
  readonly colorBrandText: string;
  /** Headings: the pop-up's title (keep 4.5:1 on `colorBackground`). */
  readonly colorHeading: string;
  readonly fontFamily: string;
  /** Base font size; the components scale from it. Numbers are px. */
  readonly fontSizeBase: string | number;
  readonly lineHeight: string | number;
  /** Corner radius of buttons, cards and dialogs. Numbers are px. */
  readonly borderRadius: string | number;
  /** The spacing step: paddings and gaps are multiples of it. Numbers are px. */
  readonly spacingUnit: string | number;
  /** Elevation of dialogs and pop-ups (a `box-shadow` value). */
  readonly shadow: string;
  /** Length of the pop-up's entrance (`0s`: none; reduced motion always turns it off). */
  readonly motionDuration: string;
  /** Stacking level of the pop-up and its backdrop. */
  readonly zIndex: string | number;
}

export type AppearanceVariableName = keyof AppearanceVariables;

/**
 * `light` (default) and `dark` select the stylesheet's preset (base.css), with
 * `variables` over it; `none` selects none: what you do not pass comes from the
 * page (`--arp-*` set on an ancestor) or the stylesheets' fallbacks.
 */
export type AppearanceTheme = 'light' | 'dark' | 'none';

/** The `appearance` prop of `<AmazonPayProvider>`. */
export interface Appearance {
  readonly theme?: AppearanceTheme;
  readonly variables?: Partial<AppearanceVariables>;
}

/** The custom properties produced from an appearance, e.g. `{ '--arp-color-primary': '#ffd814' }`. */
export type AppearanceCssVariables = Readonly<Record<`--arp-${string}`, string>>;

type ValueKind = 'color' | 'font-family' | 'length' | 'line-height' | 'box-shadow' | 'z-index' | 'transition-duration';

/** The CSS property each variable is checked against with `CSS.supports`. */
const VARIABLE_KINDS: Readonly<Record<AppearanceVariableName, ValueKind>> = {
  colorPrimary: 'color',
  colorPrimaryText: 'color',
  colorBackground: 'color',
  colorText: 'color',
  colorTextMuted: 'color',
  colorDanger: 'color',
  colorSuccess: 'color',
  colorWarning: 'color',
  colorBorder: 'color',
  colorOverlay: 'color',
  colorFocus: 'color',
  colorBrand: 'color',
  colorBrandText: 'color',
  colorHeading: 'color',
  fontFamily: 'font-family',
  fontSizeBase: 'length',
  lineHeight: 'line-height',
  borderRadius: 'length',
  spacingUnit: 'length',
  shadow: 'box-shadow',
  motionDuration: 'transition-duration',
  zIndex: 'z-index',
};

/** Every variable name, in documentation order. */
export const APPEARANCE_VARIABLE_NAMES = /* @__PURE__ */ Object.keys(VARIABLE_KINDS) as readonly AppearanceVariableName[];

const SYSTEM_FONT = 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif';

/**
 * The light preset: Amazon-like yellow on white, AA contrast throughout. The
 * stylesheet applies the presets (base.css, by `data-arp-theme`); these
 * constants document their values and start a custom theme (`{ ...DARK_APPEARANCE, colorPrimary }`).
 */
export const LIGHT_APPEARANCE: Readonly<AppearanceVariables> = {
  colorPrimary: '#ffd814',
  colorPrimaryText: '#0f1111',
  colorBackground: '#ffffff',
  colorText: '#0f1111',
  colorTextMuted: '#565959',
  colorDanger: '#b12704',
  colorSuccess: '#067d62',
  colorWarning: '#8a5a00',
  colorBorder: '#d5d9d9',
  colorOverlay: 'rgb(15 17 17 / 55%)',
  colorFocus: '#007185',
  colorBrand: '#232f3e',
  colorBrandText: '#ffffff',
  colorHeading: '#0b5f8f',
  fontFamily: SYSTEM_FONT,
  fontSizeBase: '16px',
  lineHeight: 1.5,
  borderRadius: '8px',
  spacingUnit: '8px',
  shadow: '0 12px 32px rgb(15 17 17 / 22%), 0 2px 6px rgb(15 17 17 / 12%)',
  motionDuration: '240ms',
  zIndex: 1000,
};

/** The dark preset (base.css `[data-arp-theme='dark']`). */
// Written out, not spread from LIGHT_APPEARANCE: esbuild keeps a spread (a getter could run) in every bundle.
export const DARK_APPEARANCE: Readonly<AppearanceVariables> = {
  colorPrimary: '#ffd814',
  colorPrimaryText: '#0f1111',
  colorBackground: '#1b1f23',
  colorText: '#f2f4f4',
  colorTextMuted: '#b7bdbd',
  colorDanger: '#ff8a80',
  colorSuccess: '#5fd3b3',
  colorWarning: '#ffc266',
  colorBorder: '#4a5157',
  colorOverlay: 'rgb(0 0 0 / 70%)',
  colorFocus: '#6fd3e3',
  colorBrand: '#0d1117',
  colorBrandText: '#ffffff',
  colorHeading: '#7cc7ee',
  fontFamily: SYSTEM_FONT,
  fontSizeBase: '16px',
  lineHeight: 1.5,
  borderRadius: '8px',
  spacingUnit: '8px',
  shadow: '0 12px 32px rgb(0 0 0 / 70%), 0 0 0 1px rgb(255 255 255 / 6%)',
  motionDuration: '240ms',
  zIndex: 1000,
};

const THEMES: readonly string[] = ['light', 'dark', 'none'];

/** The theme an appearance selects (`data-arp-theme`): its own when known, else `light`. */
export function appearanceThemeOf(appearance: Appearance): AppearanceTheme {
  const theme = appearance.theme ?? 'light';
  return THEMES.includes(theme) ? theme : 'light';
}

/** `colorTextMuted` -> `--arp-color-text-muted`. */
export function appearanceVariableToCssProperty(name: AppearanceVariableName): `--arp-${string}` {
  return `--arp-${name.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`)}`;
}

/**
 * What no custom property value may contain, checked even where `CSS.supports`
 * exists: declaration or block breaks, comments, escapes, markup and any
 * resource load (`url(`, `image(`, `image-set(`, `@import`, `expression(`).
 */
const UNSAFE_VALUE = /[;{}<>\\]|\/\*|url\s*\(|image(-set)?\s*\(|@import|expression\s*\(|javascript:/i;
const MAX_VALUE_LENGTH = 200;

function toCssValue(kind: ValueKind, value: unknown): string | undefined {
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return undefined;
    return kind === 'length' ? `${value}px` : String(value);
  }
  return typeof value === 'string' ? value.trim() : undefined;
}

function isValidValue(kind: ValueKind, value: string): boolean {
  if (value === '' || value.length > MAX_VALUE_LENGTH || UNSAFE_VALUE.test(value)) return false;
  if (typeof CSS !== 'undefined' && typeof CSS.supports === 'function') {
    const property = kind === 'length' ? 'width' : kind;
    return CSS.supports(property, value);
  }
  return true;
}

/**
 * The custom properties for an appearance's `variables`. The theme's preset
 * itself comes from the stylesheet (base.css, selected by the provider's
 * `data-arp-theme`), so it is not repeated inline. A value that is not valid
 * CSS for its variable (or could inject a declaration or load a resource) is
 * dropped with a development warning, so the preset or the stylesheet fallback applies.
 */
export function appearanceToCssVariables(appearance: Appearance | undefined): AppearanceCssVariables {
  const theme = appearance?.theme ?? 'light';
  if (process.env.NODE_ENV !== 'production' && !THEMES.includes(theme))
    warnOnce(
      `appearance.theme:${String(theme)}`,
      `appearance.theme ${JSON.stringify(theme)} is not 'light', 'dark' or 'none'; using 'light'.`,
    );
  const result: Record<string, string> = {};
  for (const name of APPEARANCE_VARIABLE_NAMES) {
    const kind = VARIABLE_KINDS[name];
    const given = appearance?.variables?.[name];
    const value = given === undefined ? undefined : toCssValue(kind, given);
    if (value !== undefined && isValidValue(kind, value)) result[appearanceVariableToCssProperty(name)] = value;
    else if (process.env.NODE_ENV !== 'production' && given !== undefined) {
      warnOnce(
        `appearance.${name}:${String(given)}`,
        `appearance.variables.${name} ${JSON.stringify(given)} is not a valid ${kind} value; it is ignored.`,
      );
    }
  }
  if (process.env.NODE_ENV !== 'production') {
    for (const name of Object.keys(appearance?.variables ?? {})) {
      if (!(name in VARIABLE_KINDS))
        warnOnce(`appearance.unknown:${name}`, `appearance.variables.${name} is not an appearance variable; it is ignored.`);
    }
  }
  return result;
}
