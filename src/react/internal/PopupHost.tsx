import { useInsertionEffect, useState, type ReactNode } from 'react';
import { createPortal } from 'react-dom';

/**
 * Renders `children` into a container of its own, created when the host mounts (the pop-up
 * opens) and removed when it unmounts (the pop-up closes), inside `parent` (default
 * `document.body`). React attaches its event listeners to a portal's container: a container
 * of its own keeps them off `<body>`, and they leave the page with it.
 *
 * The container is attached in an insertion effect, which runs with the commit's DOM changes, before
 * any layout effect: the `<dialog>` inside is in the document when its own children draw into it
 * (Amazon's button finds its container by id) and when the pop-up calls `showModal()`.
 */
export function PopupHost({ parent, children }: { readonly parent?: Element | null; readonly children: ReactNode }) {
  const [container] = useState(() => document.createElement('div'));
  useInsertionEffect(() => {
    (parent ?? document.body).append(container);
    return () => container.remove();
  }, [parent, container]);
  return createPortal(children, container);
}
