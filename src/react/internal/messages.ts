import { messages as en, type MessageId } from '../../i18n/locales/en';
import { useTexts, type MessageOverrides, type Translate } from './texts';

export type { DeclineMessageId, PopupMessageId, PopupMessages, MessageOverrides, Translate } from './texts';

/**
 * `useTexts` with the complete English catalogue as the fallback, for a
 * component not yet given its own English part (`src/i18n/english/`): it then
 * carries every English text. Prefer `useTexts(partMessages, own)`.
 */
export function useMessages<Id extends MessageId>(own?: MessageOverrides<Id>): Translate<Id> {
  return useTexts<Id>(en, own);
}
