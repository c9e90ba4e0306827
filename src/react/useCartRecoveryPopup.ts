import { useModalDialog } from './useModalDialog';
import { usePopupState, type CartRecoveryPopupController, type UseCartRecoveryPopupOptions } from './internal/usePopupState';

export type { CartRecoveryPopupController, UseCartRecoveryPopupOptions } from './internal/usePopupState';

/**
 * The pop-up's behaviour: triggers, controlled/uncontrolled state, the
 * remembered dismissal, the modal dialog's focus handling, and preloading
 * checkout.js while the pop-up may show (`onPreload`), so the button is ready when it opens.
 */
export function useCartRecoveryPopup(options: UseCartRecoveryPopupOptions): CartRecoveryPopupController {
  const popup = usePopupState(options);
  useModalDialog(popup.dialogRef, popup.open, popup.dismiss, popup.titleRef, options.returnFocusRef);
  return popup;
}
