// jsdom has no HTMLDialogElement.showModal/close (every browser the kit supports has them since
// 2022). A test stand-in: `open` on the dialog and `inert` on everything outside it, which is
// what a modal dialog makes of the page behind it; test/browser checks the real one in Chromium.
const inertBy = new WeakMap<HTMLDialogElement, HTMLElement[]>();

/** Sets `inert` on everything outside `keep` up to <body>; returns the elements it changed. */
function makeOutsideInert(keep: HTMLElement): HTMLElement[] {
  const changed: HTMLElement[] = [];
  for (let node: HTMLElement | null = keep; node && node !== document.body; node = node.parentElement) {
    for (const sibling of Array.from(node.parentElement?.children ?? [])) {
      if (sibling === node || !(sibling instanceof HTMLElement) || sibling.hasAttribute('inert') || sibling.tagName === 'SCRIPT') continue;
      sibling.setAttribute('inert', '');
      changed.push(sibling);
    }
  }
  return changed;
}

if (typeof HTMLDialogElement !== 'undefined' && typeof HTMLDialogElement.prototype.showModal !== 'function') {
  Object.defineProperty(HTMLDialogElement.prototype, 'open', {
    configurable: true,
    get(this: HTMLDialogElement) {
      return this.hasAttribute('open');
    },
    set(this: HTMLDialogElement, value: boolean) {
      this.toggleAttribute('open', value);
    },
  });
  HTMLDialogElement.prototype.showModal = function showModal(this: HTMLDialogElement) {
    if (!this.isConnected) throw new DOMException('The dialog is not connected.', 'InvalidStateError');
    this.setAttribute('open', '');
    inertBy.set(this, makeOutsideInert(this));
  };
  HTMLDialogElement.prototype.show = function show(this: HTMLDialogElement) {
    this.setAttribute('open', '');
  };
  HTMLDialogElement.prototype.close = function close(this: HTMLDialogElement) {
    if (!this.hasAttribute('open')) return;
    this.removeAttribute('open');
    for (const element of inertBy.get(this) ?? []) element.removeAttribute('inert');
    inertBy.delete(this);
    this.dispatchEvent(new Event('close'));
  };
}
