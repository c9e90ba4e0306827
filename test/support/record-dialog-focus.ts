declare global {
  interface Window {
    dialogFocusEvents?: string[];
  }
}

/**
 * Records what a screen reader follows, in `window.dialogFocusEvents`: every `showModal()` and `close()`
 * of a dialog, and every element focus moves to (`focus <tag> <label>`). Returns the function that stops
 * recording. Self-contained, so a Playwright `page.evaluate` can run it in the page too.
 */
export function recordDialogFocus(): () => void {
  const events: string[] = [];
  window.dialogFocusEvents = events;
  const onFocusIn = (event: FocusEvent): void => {
    const element = event.target as HTMLElement;
    const label =
      element.getAttribute('aria-label') ?? (element instanceof HTMLInputElement ? element.labels?.[0]?.textContent : element.textContent);
    events.push(`focus ${element.tagName.toLowerCase()} ${label?.trim() ?? ''}`.trim());
  };
  document.addEventListener('focusin', onFocusIn, { capture: true });
  const { showModal, close } = HTMLDialogElement.prototype;
  HTMLDialogElement.prototype.showModal = function (this: HTMLDialogElement) {
    events.push('showModal');
    showModal.call(this);
  };
  HTMLDialogElement.prototype.close = function (this: HTMLDialogElement, value?: string) {
    events.push('close');
    close.call(this, value);
  };
  return () => {
    document.removeEventListener('focusin', onFocusIn, { capture: true });
    Object.assign(HTMLDialogElement.prototype, { showModal, close });
  };
}

/** The events recorded since the last call. */
export function takeDialogFocusEvents(): string[] {
  return window.dialogFocusEvents?.splice(0) ?? [];
}
