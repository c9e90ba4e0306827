import { useEffect, useLayoutEffect, useRef, type RefObject } from 'react';

const FOCUSABLE = [
  'a[href]',
  'button:not([disabled])',
  'input:not([disabled]):not([type="hidden"])',
  'select:not([disabled])',
  'textarea:not([disabled])',
  'iframe',
  '[tabindex]:not([tabindex="-1"])',
  '[contenteditable="true"]',
].join(',');

const useIsomorphicLayoutEffect = typeof window === 'undefined' ? useEffect : useLayoutEffect;

function focusablesIn(root: HTMLElement): HTMLElement[] {
  return Array.from(root.querySelectorAll<HTMLElement>(FOCUSABLE)).filter((element) => !element.closest('[hidden],[inert]'));
}

/** Makes everything outside `keep` inert (for browsers without showModal); returns the undo. */
function makeBackgroundInert(keep: HTMLElement): () => void {
  const changed: HTMLElement[] = [];
  for (let node: HTMLElement | null = keep; node && node !== document.body; node = node.parentElement) {
    const parent: HTMLElement | null = node.parentElement;
    if (!parent) break;
    for (const sibling of Array.from(parent.children)) {
      if (sibling === node || !(sibling instanceof HTMLElement) || sibling.hasAttribute('inert') || sibling.tagName === 'SCRIPT') continue;
      sibling.setAttribute('inert', '');
      changed.push(sibling);
    }
  }
  return () => {
    for (const element of changed) element.removeAttribute('inert');
  };
}

/**
 * Opens a native `<dialog>` as a modal (`showModal()`, which makes the page
 * behind inert; where it is missing the hook sets `inert` itself), moves focus
 * into it, keeps Tab and Shift+Tab inside, turns Escape (and the dialog's own
 * `cancel`) into `onDismiss`, and gives focus back to the element that had it.
 */
export function useModalDialog(dialogRef: RefObject<HTMLDialogElement | null>, open: boolean, onDismiss: () => void, initialFocusRef?: RefObject<HTMLElement | null>): void {
  const dismiss = useRef(onDismiss);
  useIsomorphicLayoutEffect(() => {
    dismiss.current = onDismiss;
  });

  useIsomorphicLayoutEffect(() => {
    const dialog = dialogRef.current;
    if (!open || !dialog) return;
    const previouslyFocused = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    let undoInert: (() => void) | undefined;
    if (typeof dialog.showModal === 'function') {
      if (!dialog.open) dialog.showModal();
    } else {
      dialog.setAttribute('open', '');
      dialog.setAttribute('aria-modal', 'true');
      undoInert = makeBackgroundInert(dialog);
    }
    (initialFocusRef?.current ?? focusablesIn(dialog)[0] ?? dialog).focus();

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
      if (typeof dialog.close === 'function' && dialog.open) dialog.close();
      else dialog.removeAttribute('open');
      dialog.removeAttribute('aria-modal');
      undoInert?.();
      if (previouslyFocused?.isConnected) previouslyFocused.focus();
    };
  }, [open, dialogRef, initialFocusRef]);
}
