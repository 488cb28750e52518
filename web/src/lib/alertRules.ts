import type { AlertRuleInput, AlertRuleView } from '../api/types';
import type { FilterDimension } from '../stores/history';

/** The scope fields a rule can narrow, in the order the form and the summary show them. */
export const SCOPE_FIELDS = ['intents', 'topics', 'sentiments', 'sources', 'regions', 'entities', 'excludeEntities'] as const;
export type ScopeField = (typeof SCOPE_FIELDS)[number];

/** The History filter (and label vocabulary) of each scope field. */
export const SCOPE_DIMENSIONS: Readonly<Record<ScopeField, FilterDimension>> = {
  intents: 'intent',
  topics: 'topic',
  sentiments: 'sentiment',
  sources: 'source',
  regions: 'region',
  entities: 'entity',
  excludeEntities: 'excludeEntity',
};

export type SplitBy = NonNullable<AlertRuleInput['splitBy']>;
export const SPLIT_DIMENSIONS: readonly SplitBy[] = ['topic', 'intent', 'region', 'source', 'sentiment'];
export const SENSITIVITIES = ['low', 'medium', 'high'] as const;

/** What the rule form edits: a rule as inputs hold it (text for e-mails, '' for "none"). */
export interface RuleForm {
  name: string;
  scope: Record<ScopeField, string[]>;
  splitBy: SplitBy | '';
  sensitivity: (typeof SENSITIVITIES)[number];
  minCount: number;
  webhook: string;
  email: string;
  quietFrom: string;
  quietTo: string;
  digestMinutes: number;
}

const emptyScope = (): Record<ScopeField, string[]> => Object.fromEntries(SCOPE_FIELDS.map((field) => [field, []])) as unknown as Record<ScopeField, string[]>;

export function emptyRuleForm(): RuleForm {
  return { name: '', scope: emptyScope(), splitBy: '', sensitivity: 'medium', minCount: 5, webhook: '', email: '', quietFrom: '', quietTo: '', digestMinutes: 0 };
}

/** A stored rule in the form, to edit it. */
export function ruleForm(rule: AlertRuleView): RuleForm {
  const scope = emptyScope();
  for (const field of SCOPE_FIELDS) scope[field] = [...(rule.scope[field] ?? [])];
  return {
    name: rule.name,
    scope,
    splitBy: rule.splitBy ?? '',
    sensitivity: rule.sensitivity,
    minCount: rule.minCount,
    webhook: rule.channels.webhook?.url ?? '',
    email: (rule.channels.email?.to ?? []).join(', '),
    quietFrom: rule.quietHours?.from ?? '',
    quietTo: rule.quietHours?.to ?? '',
    digestMinutes: rule.digestMinutes,
  };
}

/** "a, b ,c" → ["a", "b", "c"]; empty parts dropped. */
export function splitList(text: string): string[] {
  return text
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

/**
 * The rule the form describes. Editing (`base`), what the form does not show stays as it was:
 * the id, whether it is on, its hourly message limit, the dashboard banner.
 */
export function ruleInput(form: RuleForm, base?: AlertRuleView): AlertRuleInput {
  const scope: AlertRuleInput['scope'] = {};
  for (const field of SCOPE_FIELDS) if (form.scope[field].length > 0) scope[field] = [...form.scope[field]];
  const emails = splitList(form.email);
  return {
    ...(base ? { id: base.id, enabled: base.enabled, maxPerHour: base.maxPerHour } : {}),
    name: form.name.trim(),
    scope,
    sensitivity: form.sensitivity,
    minCount: Number(form.minCount),
    digestMinutes: Number(form.digestMinutes),
    channels: {
      banner: base?.channels.banner ?? true,
      ...(form.webhook.trim() ? { webhook: { url: form.webhook.trim() } } : {}),
      ...(emails.length > 0 ? { email: { to: emails } } : {}),
    },
    ...(form.splitBy ? { splitBy: form.splitBy } : {}),
    ...(form.quietFrom && form.quietTo ? { quietHours: { from: form.quietFrom, to: form.quietTo } } : {}),
  };
}

/** A stored rule as the API takes it back (PUT replaces the whole rule), with `changes` applied. */
export function storedRuleInput(rule: AlertRuleView, changes: Partial<AlertRuleInput> = {}): AlertRuleInput {
  const { createdAt: _created, updatedAt: _updated, ...input } = rule;
  return { ...input, ...changes };
}

/** A webhook named by its host: enough to recognise it, without printing a secret path. */
export function webhookHost(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}
