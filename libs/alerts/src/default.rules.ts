import type { AlertRuleInput } from '@escucha/core';

/**
 * The rules a fresh install starts with. Every one leaves out posts that name a competitor:
 * a rival's outage that people talk about (often while praising us) is not ours.
 */
export function defaultAlertRules(competitors: readonly string[]): Array<AlertRuleInput & { id: string }> {
  const excludeEntities = competitors.length > 0 ? [...competitors] : undefined;
  const base = { enabled: true, channels: { banner: true }, maxPerHour: 6, digestMinutes: 0 } as const;
  return [
    { id: 'outage', name: 'Outage', scope: { intents: ['outage'], excludeEntities }, sensitivity: 'high', minCount: 5, ...base },
    { id: 'brand-volume', name: 'Brand volume', scope: { excludeEntities }, sensitivity: 'low', minCount: 20, ...base },
    { id: 'negative-by-topic', name: 'Negative posts by topic', scope: { sentiments: ['negative'], excludeEntities }, splitBy: 'topic', sensitivity: 'low', minCount: 8, ...base },
    { id: 'by-intent', name: 'Intents', scope: { excludeEntities }, splitBy: 'intent', sensitivity: 'low', minCount: 8, ...base },
    { id: 'by-source', name: 'Sources', scope: { excludeEntities }, splitBy: 'source', sensitivity: 'low', minCount: 10, ...base },
    { id: 'by-region', name: 'Regions', scope: { excludeEntities }, splitBy: 'region', sensitivity: 'low', minCount: 8, ...base },
  ];
}
