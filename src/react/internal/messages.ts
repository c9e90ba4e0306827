import { useMemo } from 'react';
import { formatMessage, type MessageParams } from '../../i18n/i18n';
import { messages as en, type MessageId, type Messages } from '../../i18n/locales/en';
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

function textOf(source: MessageOverrides | undefined, id: MessageId): string | undefined {
  const text = source && Object.hasOwn(source, id) ? source[id] : undefined;
  return typeof text === 'string' ? text : undefined;
}

/** A complete catalogue: `base` with each override applied, id by id. */
export function withOverrides(base: Messages, overrides: MessageOverrides | undefined): Messages {
  if (!overrides) return base;
  const merged: Record<string, string> = { ...base };
  for (const id of Object.keys(base) as MessageId[]) merged[id] = textOf(overrides, id) ?? base[id];
  return merged as Messages;
}

/** True when the overrides give a text for every id (nothing has to load). */
export function overridesEveryText(overrides: MessageOverrides | undefined): boolean {
  return (Object.keys(en) as MessageId[]).every((id) => textOf(overrides, id) !== undefined);
}

/**
 * The kit's one translator for components: the component's own `messages`
 * prop wins, then the provider's texts (its locale's catalogue with the
 * provider's `messages` applied), then English outside a provider.
 */
export function useMessages<Id extends MessageId>(own?: MessageOverrides<Id>): Translate<Id> {
  const base = useOptionalAmazonPay('useMessages')?.messages ?? en;
  return useMemo(() => (id: Id, params?: MessageParams) => formatMessage(textOf(own, id) ?? base[id], params), [base, own]);
}
