import { useMemo } from 'react';
import { useOptionalAmazonPay } from './useOptionalAmazonPay';

export type MessageCatalogue<K extends string = string> = Readonly<Record<K, string>>;

/** Replaces `{name}` placeholders with plain-text values (never HTML). */
export function formatMessage(template: string, params: Readonly<Record<string, string | number>> = {}): string {
  return template.replace(/\{(\w+)\}/g, (match, name: string) => (name in params ? String(params[name]) : match));
}

/**
 * A component's texts: its English defaults, overridden by the provider's
 * `messages` (any locale catalogue, e.g. from `react-amazon-pay-recovery/locales/de`)
 * and then by the component's own `messages` prop, id by id.
 */
export function useMessages<K extends string>(defaults: MessageCatalogue<K>, own?: Partial<Record<K, string>>): (id: K, params?: Record<string, string | number>) => string {
  const context = useOptionalAmazonPay('useMessages');
  const fromProvider = context?.messages;
  return useMemo(() => {
    const merged: Record<string, string> = { ...defaults };
    for (const source of [fromProvider, own]) {
      if (!source) continue;
      for (const id of Object.keys(defaults)) {
        const text = (source as Record<string, string | undefined>)[id];
        if (typeof text === 'string') merged[id] = text;
      }
    }
    return (id: K, params?: Record<string, string | number>) => formatMessage(merged[id] ?? id, params);
  }, [defaults, fromProvider, own]);
}
