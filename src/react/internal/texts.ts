import { useMemo } from 'react';
import { formatMessage, type MessageParams } from '../../i18n/i18n';
import type { MessageId, Messages, PopupMessageId } from '../../i18n/locales/en';
import { useOptionalAmazonPay } from './useOptionalAmazonPay';

export type { DeclineMessageId, PopupMessageId } from '../../i18n/locales/en';
/** Text overrides for the pop-up and the button (their `messages` prop). */
export type PopupMessages = { readonly [Id in PopupMessageId]: string };

/** Text overrides by message id; anything else (unknown ids, non-strings) is ignored. */
export type MessageOverrides<Id extends MessageId = MessageId> = Readonly<Partial<Record<Id, string>>>;

/** The language and direction of a text as shown, for `lang` and `dir` on the element that shows it. */
export interface TextLanguage {
  readonly lang: string;
  readonly dir: 'ltr' | 'rtl';
}

export type Translate<Id extends MessageId = MessageId> = ((id: Id, params?: MessageParams) => string) & {
  /** The language of the text `t(id)` shows. */
  readonly langOf: (id: Id) => TextLanguage;
};

/** Languages written right to left (their BCP 47 primary subtags). */
const RIGHT_TO_LEFT = /^(ar|arc|ckb|dv|fa|he|iw|ks|ku|ps|sd|syr|ug|ur|yi)\b/i;

/** Where a text comes from: the texts of a language other than the provider's (the pop-up's country), with their locale. */
export interface TextSource {
  readonly messages: MessageOverrides;
  readonly locale: string;
}

type UnionToIntersection<U> = (U extends unknown ? (x: U) => void : never) extends (x: infer I) => void ? I : never;
type LastOf<U> = UnionToIntersection<U extends unknown ? () => U : never> extends () => infer L ? L : never;
/** How many members a union has, counted by the compiler. */
type UnionSize<U, Counted extends unknown[] = []> = [U] extends [never]
  ? Counted['length']
  : UnionSize<Exclude<U, LastOf<U>>, [...Counted, U]>;

/**
 * How many message ids the kit has. Its type is the number of `MessageId`s,
 * counted by the compiler from the English catalogue: the literal is the only
 * value the typecheck accepts, so it cannot drift (the browser entry does not
 * carry the catalogue to count it at run time).
 */
export const MESSAGE_ID_COUNT: UnionSize<MessageId> = 34;

function textOf(source: MessageOverrides | undefined, id: MessageId): string | undefined {
  const text = source && Object.hasOwn(source, id) ? source[id] : undefined;
  return typeof text === 'string' ? text : undefined;
}

/** A language's texts (none for English: components carry theirs) with the overrides' strings over them. */
export function withOverrides(base: Messages | undefined, overrides: MessageOverrides | undefined): MessageOverrides {
  if (!overrides) return base ?? {};
  const merged: Record<string, string> = { ...base };
  for (const id of Object.keys(overrides) as MessageId[]) {
    const text = textOf(overrides, id);
    if (text !== undefined) merged[id] = text;
  }
  return merged as MessageOverrides;
}

/** True when the overrides give a text for every id (nothing has to load): a complete catalogue such as `locales/de`. */
export function overridesEveryText(overrides: MessageOverrides | undefined): boolean {
  if (!overrides) return false;
  const ids = Object.keys(overrides).filter(
    (id) => /^(wallet|decline|popup|button)\./.test(id) && textOf(overrides, id as MessageId) !== undefined,
  );
  return ids.length >= MESSAGE_ID_COUNT;
}

/**
 * The kit's one translator for components: the component's own `messages`
 * prop wins, then the provider's texts (its locale's catalogue with the
 * provider's `messages` applied), then the component's built-in English
 * (`english`, its part of the catalogue: a page carries only the English of
 * the components it uses).
 */
export function useTexts<Id extends MessageId>(
  english: Readonly<Record<Id, string>>,
  own?: MessageOverrides,
  source?: TextSource,
): Translate<Id> {
  const context = useOptionalAmazonPay('useTexts');
  const base = source ? source.messages : context?.messages;
  const locale = source ? source.locale : context?.locale;
  return useMemo(() => {
    const given = (id: Id): string | undefined => textOf(own, id) ?? textOf(base, id);
    // A text that is not the built-in English is in the locale's language (merchants' overrides included: docs/theming.md).
    const langOf = (id: Id): TextLanguage => {
      const text = given(id);
      const lang = text === undefined || text === english[id] || !locale ? 'en' : locale;
      return { lang, dir: RIGHT_TO_LEFT.test(lang) ? 'rtl' : 'ltr' };
    };
    return Object.assign((id: Id, params?: MessageParams) => formatMessage(given(id) ?? english[id], params), { langOf });
  }, [base, own, english, locale]);
}
