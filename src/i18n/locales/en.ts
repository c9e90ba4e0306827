import { buttonMessages } from '../english/button';
import { declineMessages } from '../english/decline';
import { declineFirstPaintMessages } from '../english/decline-first-paint';
import { popupMessages } from '../english/popup';
import { walletMessages } from '../english/wallet';

/**
 * English texts of every kit component, by message id: the complete catalogue
 * every other locale file is typed against (`Messages`), so a missing
 * translation fails the typecheck. Each component carries its own part
 * (`src/i18n/english/`) as its built-in texts; this file is the `./locales/en`
 * entry and the chunk `loadLocaleMessages('en')` loads.
 */
export const messages = {
  ...walletMessages,
  ...declineFirstPaintMessages,
  ...declineMessages,
  ...popupMessages,
  ...buttonMessages,
} as const;

/** Every message id of the kit (`wallet.*`, `decline.*`, `popup.*`, `button.*`). */
export type MessageId = keyof typeof messages;

/** The ids DeclineRecovery shows. */
export type DeclineMessageId = Extract<MessageId, `decline.${string}`>;
/** The ids the Cart Recovery pop-up and the Amazon Pay button show. */
export type PopupMessageId = Extract<MessageId, `popup.${string}` | `button.${string}`>;

/** One complete catalogue: a text for every message id. Each locale file has this type. */
export type Messages = { readonly [Id in MessageId]: string };

/** Same catalogue under its language name: `import { en } from 'react-amazon-pay-recovery/locales/en'`. */
export const en: Messages = messages;
export default en;
