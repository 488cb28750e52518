import { useI18n } from 'vue-i18n';
import type { Split } from '../api/types';
import { regionLabel } from '../lib/alerts';
import { useMetaStore } from '../stores/meta';

// Topics are named in the taxonomy, which carries its own labels per language; the other
// dimensions have a closed (or nearly closed) vocabulary worth translating here.
const TRANSLATED: Partial<Record<Split, string>> = {
  sentiment: 'labels.sentiment',
  source: 'labels.source',
  intent: 'labels.intent',
  lang: 'labels.lang',
};

/** What a label can be asked for: a split, or a dimension posts are only filtered by. */
export type LabelledDimension = Split | 'region' | 'excludeEntity';

/** Human labels for the values of a split or filter; unknown values fall back to the raw key. */
export function useLabels() {
  const { t, te, locale } = useI18n();
  const meta = useMetaStore();

  function labelOf(split: LabelledDimension, key: string): string {
    // Places are proper names, the same in every language: the server's gazetteer names them.
    if (split === 'region') return regionLabel(key);
    // Brands are proper names too, as the deployment configured them.
    if (split === 'entity' || split === 'excludeEntity') return meta.meta.entities.find((entity) => entity.id === key)?.name ?? key;
    if (split === 'topic') {
      const labels = meta.meta.topicLabels[key];
      return labels?.[locale.value] ?? labels?.['*'] ?? key;
    }
    const prefix = TRANSLATED[split];
    if (!prefix) return key;
    const path = `${prefix}.${key}`;
    return te(path) ? t(path) : key;
  }

  return {
    labelOf,
    splitLabel: (split: LabelledDimension) => t(`labels.split.${split}`),
    /** A filter's name where it differs from the split's ("Brand", not "Brand (share of voice)"). */
    filterLabel: (dimension: LabelledDimension) => (te(`labels.filter.${dimension}`) ? t(`labels.filter.${dimension}`) : t(`labels.split.${dimension}`)),
  };
}
