import { useSyncExternalStore } from 'react';

/** A tiny history router: the demo needs five pages, not a router dependency. */
export type RoutePath = '/' | '/checkout' | '/amazon-pay' | '/confirmation' | '/admin/recovery-report';

const ROUTES: readonly RoutePath[] = ['/', '/checkout', '/amazon-pay', '/confirmation', '/admin/recovery-report'];
const listeners = new Set<() => void>();

function notify(): void {
  for (const listener of listeners) listener();
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  window.addEventListener('popstate', listener);
  return () => {
    listeners.delete(listener);
    window.removeEventListener('popstate', listener);
  };
}

function snapshot(): string {
  return window.location.pathname + window.location.search;
}

/** Navigates inside the page (no reload: the in-memory sandbox backend lives on). */
export function navigate(to: string, options: { replace?: boolean } = {}): void {
  const url = new URL(to, window.location.href);
  if (url.origin !== window.location.origin) {
    window.location.assign(url.href);
    return;
  }
  const target = url.pathname + url.search + url.hash;
  if (options.replace) window.history.replaceState(null, '', target);
  else window.history.pushState(null, '', target);
  window.scrollTo(0, 0);
  notify();
}

/** The current route and query; unknown paths fall back to the cart. */
export function useRoute(): { path: RoutePath; query: URLSearchParams } {
  const current = useSyncExternalStore(subscribe, snapshot, () => '/');
  const url = new URL(current, 'http://demo.invalid');
  const path = (ROUTES as readonly string[]).includes(url.pathname) ? (url.pathname as RoutePath) : '/';
  return { path, query: url.searchParams };
}

/** Same-page link that keeps the browser's own link behaviour (new tab, copy link). */
export function onLinkClick(event: React.MouseEvent<HTMLAnchorElement>): void {
  if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
  event.preventDefault();
  navigate(event.currentTarget.getAttribute('href') ?? '/');
}
