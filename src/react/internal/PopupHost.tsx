import { useState, type ReactNode } from 'react';
import { createPortal } from 'react-dom';
import { useIsomorphicLayoutEffect } from './useIsomorphicLayoutEffect';

/**
 * Renders `children` into a container of its own, created when the host mounts (the pop-up
 * opens) and removed when it unmounts (the pop-up closes), inside `parent` (default
 * `document.body`). React attaches its event listeners to a portal's container: a container
 * of its own keeps them off `<body>`, and they leave the page with it.
 *
 * The container is attached in a layout effect, which runs before the layout effects of the
 * component rendering the host: a `<dialog>` inside is connected when its parent calls `showModal()`.
 */
export function PopupHost({ parent, children }: { readonly parent?: Element | null; readonly children: ReactNode }) {
  const [container] = useState(() => document.createElement('div'));
  useIsomorphicLayoutEffect(() => {
    (parent ?? document.body).append(container);
    return () => container.remove();
  }, [parent, container]);
  return createPortal(children, container);
}
