import { useCallback, useState } from 'react';

export type DismissalMemory = 'session' | 'none';

export const DEFAULT_POPUP_STORAGE_KEY = 'arp-popup-dismissed';

function readSession(key: string): boolean {
  try {
    return typeof sessionStorage !== 'undefined' && sessionStorage.getItem(key) === '1';
  } catch {
    // Storage can throw (disabled cookies, Safari private mode): act as if nothing was stored.
    return false;
  }
}

/**
 * Whether the buyer already dismissed the pop-up in this browser session
 * (`memory: 'session'`), and a function to remember a dismissal.
 */
export function useRememberedDismissal(
  memory: DismissalMemory,
  storageKey: string,
): { readonly dismissed: boolean; readonly remember: () => void } {
  const [dismissed, setDismissed] = useState(() => memory === 'session' && readSession(storageKey));
  const remember = useCallback(() => {
    setDismissed(true);
    if (memory !== 'session') return;
    try {
      sessionStorage.setItem(storageKey, '1');
    } catch {
      // Not remembered across reloads; this page view still keeps it closed.
    }
  }, [memory, storageKey]);
  return { dismissed, remember };
}
