import { useMemo } from 'react';
import { formatMessage, type MessageParams } from '../../i18n/i18n';
import type { MessageId, Messages } from '../../i18n/locales/en';
import { useOptionalAmazonPay } from './useOptionalAmazonPay';

/** The ids DeclineRecovery shows. */
export type DeclineMessageId = Extract<MessageId, `decline.${string}`>;
/** The ids the Cart Recovery pop-up and the Amazon Pay button show. */
export type PopupMessageId = Extract<MessageId, `popup.${string}` | `button.${string}`>;
/** Text overrides for the pop-up and the button (their `messages` prop). */
export type PopupMessages = { readonly [Id in PopupMessageId]: string };

/** Text overrides by message id; anything else (unknown ids, non-strings) is ignored. */
export type MessageOverrides<Id extends MessageId = MessageId> = Readonly<Partial<Record<Id, string>>>;

export type Translate<Id extends MessageId = MessageId> = (id: Id, params?: MessageParams) => string;

/** How many message ids the kit has (a test checks it against the English catalogue). */
export const MESSAGE_ID_COUNT = 34;

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
  const ids = Object.keys(overrides).filter((id) => /^(wallet|decline|popup|button)\./.test(id) && textOf(overrides, id as MessageId) !== undefined);
  return ids.length >= MESSAGE_ID_COUNT;
}

/**
 * The kit's one translator for components: the component's own `messages`
 * prop wins, then the provider's texts (its locale's catalogue with the
 * provider's `messages` applied), then the component's built-in English
 * (`english`, its part of the catalogue: a page carries only the English of
 * the components it uses).
 */
export function useTexts<Id extends MessageId>(english: Readonly<Record<Id, string>>, own?: MessageOverrides): Translate<Id> {
  const base = useOptionalAmazonPay('useTexts')?.messages;
  return useMemo(() => (id: Id, params?: MessageParams) => formatMessage(textOf(own, id) ?? textOf(base, id) ?? english[id], params), [base, own, english]);
}
