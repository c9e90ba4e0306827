import { useEffect, useRef, type RefObject } from 'react';

/**
 * After each in-page navigation (not the first load), moves focus to the new
 * page's heading, as a full page load would put a screen reader at the top:
 * without it focus stays on the link that was removed and falls to <body>.
 */
export function useFocusOnNavigation(path: string, main: RefObject<HTMLElement | null>): void {
  const previous = useRef(path);
  useEffect(() => {
    if (previous.current === path) return;
    previous.current = path;
    const target = main.current?.querySelector<HTMLElement>('h1') ?? main.current;
    if (!target) return;
    if (!target.hasAttribute('tabindex')) target.setAttribute('tabindex', '-1');
    target.focus();
  }, [path, main]);
}
