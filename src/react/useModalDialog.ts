import { useInsertionEffect, useRef, type RefObject } from 'react';
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
  return (
    !!element && element.isConnected && element.matches(`${FOCUSABLE},[tabindex]:not(:disabled)`) && !element.closest('[hidden],[inert]')
  );
}

/** The page's heading (the checkout's title), made focusable: where a buyer whose focus was lost starts over. */
function pageHeading(): HTMLElement | null {
  const heading = document.querySelector<HTMLElement>('main h1') ?? document.querySelector<HTMLElement>('h1');
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
function returnTarget(
  previous: HTMLElement | null,
  ancestors: readonly HTMLElement[],
  dialog: HTMLElement,
): HTMLElement | null | undefined {
  if (previous && canTakeFocus(previous)) return previous;
  const outside = (element: HTMLElement) => !dialog.contains(element);
  if (previous?.isConnected) {
    const candidates = focusablesIn(document.body).filter(outside);
    // compareDocumentPosition: 4 is DOCUMENT_POSITION_FOLLOWING, 2 DOCUMENT_POSITION_PRECEDING.
    const after = candidates.find((element) => previous.compareDocumentPosition(element) & 4);
    return after ?? candidates.filter((element) => previous.compareDocumentPosition(element) & 2).at(-1);
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
  // The showing kept across a cleanup that the effect's next run follows at once (StrictMode's simulated unmount).
  const keptRef = useRef<Shown | undefined>(undefined);
  const unmountingRef = useRef(false);
  // StrictMode sets effects up, cleans them up and sets them up again in development only, so this is too: set
  // when the component really unmounts (StrictMode's simulated unmount, and Activity or Suspense hiding the
  // subtree, leave insertion effects alone, and their cleanup runs before the layout effect's).
  if (process.env.NODE_ENV !== 'production') {
    // eslint-disable-next-line react-hooks/rules-of-hooks -- called in every render of a build, or in none
    useInsertionEffect(() => {
      unmountingRef.current = false;
      return () => {
        unmountingRef.current = true;
      };
    }, []);
  }

  useIsomorphicLayoutEffect(() => {
    const dialog = dialogRef.current;
    let shown: Shown | undefined;
    if (process.env.NODE_ENV !== 'production') {
      shown = keptRef.current;
      keptRef.current = undefined;
      if (shown && (!open || shown.dialog !== dialog)) {
        shown.hide();
        shown = undefined;
      }
    }
    if (!open || !dialog) return;
    if (!shown) {
      const active = document.activeElement;
      const previouslyFocused = active instanceof HTMLElement && active !== document.body ? active : null;
      const ancestors: HTMLElement[] = [];
      for (let node = previouslyFocused?.parentElement; node; node = node.parentElement) ancestors.push(node);
      const offer = isTypingTarget(previouslyFocused);
      dialog.dataset.presentation = offer ? 'offer' : 'modal';
      // The open attribute, not show(): show() moves focus into the dialog.
      if (offer) dialog.setAttribute('open', '');
      else showModalFocusing(dialog, initialFocusRef?.current ?? focusablesIn(dialog)[0] ?? dialog);
      shown = {
        dialog,
        modal: !offer,
        hide() {
          dialog.close();
          const preferred = returnFocusRef?.current;
          (preferred && canTakeFocus(preferred) ? preferred : returnTarget(previouslyFocused, ancestors, dialog))?.focus();
        },
      };
    }
    const current = shown;
    // The buyer moved into the offer: from now on it is the modal dialog (the page inert), where it stands.
    const makeModal = (event: FocusEvent): void => {
      if (current.modal) return;
      current.modal = true;
      dialog.close();
      showModalFocusing(dialog, event.target as HTMLElement);
    };

    const onKeyDown = (event: KeyboardEvent): void => {
      if (event.key === 'Escape') {
        event.preventDefault();
        dismiss.current();
        return;
      }
      if (event.key !== 'Tab') return;
      const focusables = focusablesIn(dialog);
      const active = document.activeElement;
      // Around the ends (from the dialog itself backwards too); nowhere when nothing in it takes focus.
      const to = event.shiftKey
        ? (active === focusables[0] || active === dialog) && focusables.at(-1)
        : active === focusables.at(-1) && focusables[0];
      if (to || !focusables.length) event.preventDefault();
      if (to) to.focus();
    };
    const onCancel = (event: Event): void => {
      // The browser would close the dialog by itself; React owns the state.
      event.preventDefault();
      dismiss.current();
    };
    dialog.addEventListener('keydown', onKeyDown);
    dialog.addEventListener('cancel', onCancel);
    dialog.addEventListener('focusin', makeModal);
    return () => {
      dialog.removeEventListener('keydown', onKeyDown);
      dialog.removeEventListener('cancel', onCancel);
      dialog.removeEventListener('focusin', makeModal);
      if (process.env.NODE_ENV !== 'production' && !unmountingRef.current) {
        // Not unmounting: closing and showing it again would move focus out and back (a screen reader reads it
        // twice), so the next run decides (StrictMode's comes at once, as does a change of `open`). Hidden by
        // Activity or Suspense, no run follows: closed after this commit.
        keptRef.current = current;
        queueMicrotask(() => {
          if (keptRef.current !== current) return;
          keptRef.current = undefined;
          current.hide();
        });
      } else {
        current.hide();
      }
    };
  }, [open, dialogRef, initialFocusRef, returnFocusRef]);
}

/** One showing of the dialog, from open to close. */
interface Shown {
  readonly dialog: HTMLDialogElement;
  /** False while it is the offer shown beside a field the buyer types in. */
  modal: boolean;
  /** Closes it and gives focus back. */
  readonly hide: () => void;
}

/**
 * Shows the dialog as a modal with focus going straight to `target`: the browser's own focusing steps would first
 * focus the dialog's first focusable element (the close button), which a screen reader announces before the
 * target. Marked `autofocus` for the call, the target is where the browser puts focus itself.
 */
function showModalFocusing(dialog: HTMLDialogElement, target: HTMLElement): void {
  if (!dialog.open) {
    const { autofocus } = target;
    target.autofocus = true;
    dialog.showModal();
    target.autofocus = autofocus;
  }
  target.focus();
}
