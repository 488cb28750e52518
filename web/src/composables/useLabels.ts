import { useI18n } from 'vue-i18n';
import type { Split } from '../api/types';

// Topics are names users give to their own term groups, so they are shown as written;
// the other dimensions have a closed (or nearly closed) vocabulary worth translating.
const TRANSLATED: Partial<Record<Split, string>> = {
  sentiment: 'labels.sentiment',
  source: 'labels.source',
  intent: 'labels.intent',
  lang: 'labels.lang',
};

/** Human labels for the values of a split; unknown values fall back to the raw key. */
export function useLabels() {
  const { t, te } = useI18n();

  function labelOf(split: Split, key: string): string {
    const prefix = TRANSLATED[split];
    if (!prefix) return key;
    const path = `${prefix}.${key}`;
    return te(path) ? t(path) : key;
  }

  return {
    labelOf,
    splitLabel: (split: Split) => t(`labels.split.${split}`),
  };
}
