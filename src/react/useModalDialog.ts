import type { RefObject } from 'react';
import { useIsomorphicLayoutEffect } from './internal/useIsomorphicLayoutEffect';
import { useLatest } from './internal/useLatest';
import { isTypingTarget } from './internal/typing-target';

// One string literal (no call at module level), so a bundler can leave this module out of a page that does not use it.
const FOCUSABLE =
  'a[href],' +
  'button:not([disabled]),' +
  'input:not([disabled]):not([type="hidden"]),' +
  'select:not([disabled]),' +
  'textarea:not([disabled]),' +
  'iframe,' +
  '[tabindex]:not([tabindex="-1"]),' +
  '[contenteditable="true"]';

function focusablesIn(root: HTMLElement): HTMLElement[] {
  return Array.from(root.querySelectorAll<HTMLElement>(FOCUSABLE)).filter((element) => !element.closest('[hidden],[inert]'));
}

/** Whether focus can go back to `element`: a Tab stop, or an element made focusable by script (tabindex -1, like the page's heading). */
function canTakeFocus(element: HTMLElement | null | undefined): boolean {
  return !!element && element.isConnected && (element.matches(FOCUSABLE) || element.matches('[tabindex]:not(:disabled)')) && !element.closest('[hidden],[inert]');
}

/** The page's heading (the checkout's title), made focusable: where a buyer whose focus was lost starts over. */
function pageHeading(): HTMLElement | undefined {
  const heading = document.querySelector<HTMLElement>('main h1') ?? document.querySelector<HTMLElement>('h1') ?? undefined;
  if (heading && !heading.hasAttribute('tabindex')) heading.tabIndex = -1;
  return heading;
}

/**
 * Where focus goes when the dialog closes: the element focused before it when
 * it can still take focus; if it was disabled meanwhile, the next focusable
 * element after it (else the one before); if it is gone, the first focusable
 * element in its closest ancestor still on the page; when there was none
 * (focus on `<body>`) or none is left, the page's heading. Never the dialog itself.
 */
function returnTarget(previous: HTMLElement | null, ancestors: readonly HTMLElement[], dialog: HTMLElement): HTMLElement | undefined {
  if (previous && canTakeFocus(previous)) return previous;
  const outside = (element: HTMLElement) => !dialog.contains(element);
  if (previous?.isConnected) {
    const candidates = focusablesIn(document.body).filter(outside);
    const after = candidates.find((element) => previous.compareDocumentPosition(element) & Node.DOCUMENT_POSITION_FOLLOWING);
    return after ?? candidates.filter((element) => previous.compareDocumentPosition(element) & Node.DOCUMENT_POSITION_PRECEDING).at(-1);
  }
  const ancestor = ancestors.find((element) => element.isConnected && element !== document.body);
  return (ancestor && focusablesIn(ancestor).find(outside)) || pageHeading();
}

/**
 * Opens a native `<dialog>` as a modal (`showModal()`, which makes the page
 * behind inert; every browser the kit supports has it since 2022), moves focus
 * into it (`initialFocusRef`, else its first focusable element), keeps Tab and
 * Shift+Tab inside, turns Escape (and the dialog's own `cancel`) into
 * `onDismiss`, and on close gives focus to `returnFocusRef`, else back to the
 * element that had it, or, when that one was disabled or removed meanwhile,
 * to the nearest element that can take it.
 *
 * When focus is in a field the buyer types in as it opens, the dialog is shown
 * as an offer instead (`data-presentation="offer"`): open but not modal, focus
 * left in the field (no keystroke lost, nothing pressed, whatever the rhythm);
 * the dialog's content announces it politely (CartRecoveryDialog). When focus
 * moves into it (Tab, a click), it becomes the modal dialog where it stands,
 * focus on what the buyer moved to.
 */
export function useModalDialog(
  dialogRef: RefObject<HTMLDialogElement | null>,
  open: boolean,
  onDismiss: () => void,
  initialFocusRef?: RefObject<HTMLElement | null>,
  returnFocusRef?: RefObject<HTMLElement | null>,
): void {
  const dismiss = useLatest(onDismiss);

  useIsomorphicLayoutEffect(() => {
    const dialog = dialogRef.current;
    if (!open || !dialog) return;
    const previouslyFocused = document.activeElement instanceof HTMLElement && document.activeElement !== document.body ? document.activeElement : null;
    const ancestors: HTMLElement[] = [];
    for (let node = previouslyFocused?.parentElement; node; node = node.parentElement) ancestors.push(node);
    const offer = isTypingTarget(previouslyFocused);
    dialog.dataset.presentation = offer ? 'offer' : 'modal';
    // The buyer moved into the offer: from now on it is the modal dialog (the page inert), where it stands.
    let modal = !offer;
    const makeModal = (event: FocusEvent): void => {
      if (modal) return;
      modal = true;
      dialog.close();
      dialog.showModal();
      (event.target as HTMLElement).focus();
    };
    if (offer) {
      // The open attribute, not show(): show() moves focus into the dialog.
      dialog.setAttribute('open', '');
      dialog.addEventListener('focusin', makeModal);
    } else {
      if (!dialog.open) dialog.showModal();
      (initialFocusRef?.current ?? focusablesIn(dialog)[0] ?? dialog).focus();
    }

    const onKeyDown = (event: KeyboardEvent): void => {
      if (event.key === 'Escape') {
        event.preventDefault();
        dismiss.current();
        return;
      }
      if (event.key !== 'Tab') return;
      const focusables = focusablesIn(dialog);
      if (focusables.length === 0) {
        event.preventDefault();
        return;
      }
      const first = focusables[0]!;
      const last = focusables[focusables.length - 1]!;
      const active = document.activeElement;
      if (event.shiftKey && (active === first || active === dialog)) {
        event.preventDefault();
        last.focus();
      } else if (!event.shiftKey && active === last) {
        event.preventDefault();
        first.focus();
      }
    };
    const onCancel = (event: Event): void => {
      // The browser would close the dialog by itself; React owns the state.
      event.preventDefault();
      dismiss.current();
    };
    dialog.addEventListener('keydown', onKeyDown);
    dialog.addEventListener('cancel', onCancel);
    return () => {
      dialog.removeEventListener('keydown', onKeyDown);
      dialog.removeEventListener('cancel', onCancel);
      dialog.removeEventListener('focusin', makeModal);
      if (dialog.open) dialog.close();
      const preferred = returnFocusRef?.current;
      const target = preferred && canTakeFocus(preferred) ? preferred : returnTarget(previouslyFocused, ancestors, dialog);
      target?.focus();
    };
  }, [open, dialogRef, initialFocusRef, returnFocusRef]);
}
