import { request, type QueryValue } from './http';
import type {
  AttentionList,
  DemoRemoval,
  DemoStatus,
  ApiKeyView,
  CreatedApiKey,
  NewApiKey,
  AlertRuleInput,
  AlertRuleView,
  AlertView,
  AuthorEntry,
  Comparison,
  CountEntry,
  CustomerMatch,
  DailyReport,
  CustomerProfile,
  Explanation,
  FailedJob,
  Health,
  Histogram,
  HistoryFilter,
  Interval,
  ItemsResponse,
  LoginResponse,
  ManagedUser,
  Meta,
  NewSource,
  NewUser,
  PostCorrection,
  PostPage,
  QueueName,
  QueueStatus,
  RecategorizationStatus,
  Recommendation,
  SourceView,
  Split,
  Taxonomy,
  TopicSentimentEntry,
  User,
  UserChanges,
  WirePost,
} from './types';

const V1 = '/api/v1';

function filterQuery(filter: HistoryFilter): Record<string, QueryValue> {
  return {
    from: filter.from,
    to: filter.to,
    q: filter.q?.trim(),
    source: filter.source,
    sentiment: filter.sentiment,
    topic: filter.topic,
    intent: filter.intent,
    lang: filter.lang,
    region: filter.region,
    author: filter.author,
    entity: filter.entity,
    excludeEntity: filter.excludeEntity,
  };
}

export const api = {
  customersNeedingAttention: (hours: number) => request<AttentionList>('GET', `${V1}/customers/attention`, { query: { hours } }),
  findCustomers: (q: string, signal?: AbortSignal) => request<ItemsResponse<CustomerMatch>>('GET', `${V1}/customers`, { query: { q }, signal }),
  customerProfile: (id: string, cursor?: string, signal?: AbortSignal) =>
    request<CustomerProfile>('GET', `${V1}/customers/${encodeURIComponent(id)}/profile`, { query: { limit: 20, cursor }, signal }),
  nextBestActions: (id: string, signal?: AbortSignal) =>
    request<{ customerId: string; items: Recommendation[] }>('GET', `${V1}/customers/${encodeURIComponent(id)}/next-best-actions`, { signal }),
  respondToOffer: (id: string, offerId: string, accepted: boolean) =>
    request<unknown>('POST', `${V1}/customers/${encodeURIComponent(id)}/offers/${encodeURIComponent(offerId)}/responses`, { body: { accepted } }),

  login: (username: string, password: string) =>
    request<LoginResponse>('POST', `${V1}/auth/login`, { body: { username, password }, anonymous: true }),
  me: (signal?: AbortSignal) => request<User>('GET', `${V1}/auth/me`, { signal }),
  logout: () => request<void>('POST', `${V1}/auth/logout`),
  health: () => request<Health>('GET', '/health', { anonymous: true }),
  meta: () => request<Meta>('GET', `${V1}/meta`),

  histogram: (filter: HistoryFilter, interval: Interval, split: Split | undefined, signal?: AbortSignal) =>
    request<Histogram>('GET', `${V1}/history/histogram`, {
      query: { ...filterQuery(filter), interval, split },
      signal,
    }),
  breakdown: (filter: HistoryFilter, split: Split, limit: number, signal?: AbortSignal) =>
    request<ItemsResponse<CountEntry>>('GET', `${V1}/history/breakdown`, {
      query: { ...filterQuery(filter), split, limit },
      signal,
    }),
  /** Breakdown by topic: each topic also carries what posts said about it. */
  topics: (filter: HistoryFilter, limit: number, signal?: AbortSignal) =>
    request<ItemsResponse<TopicSentimentEntry>>('GET', `${V1}/history/breakdown`, {
      query: { ...filterQuery(filter), split: 'topic', limit },
      signal,
    }),
  terms: (filter: HistoryFilter, limit: number, signal?: AbortSignal) =>
    request<ItemsResponse<CountEntry>>('GET', `${V1}/history/terms`, {
      query: { ...filterQuery(filter), limit },
      signal,
    }),
  authors: (filter: HistoryFilter, limit: number, signal?: AbortSignal) =>
    request<ItemsResponse<AuthorEntry>>('GET', `${V1}/history/authors`, {
      query: { ...filterQuery(filter), limit },
      signal,
    }),
  compare: (
    filter: HistoryFilter,
    split: Split,
    against: { from: string; to: string } | undefined,
    signal?: AbortSignal,
  ) =>
    request<Comparison>('GET', `${V1}/history/compare`, {
      query: { ...filterQuery(filter), split, compareFrom: against?.from, compareTo: against?.to },
      signal,
    }),
  posts: (filter: HistoryFilter, limit: number, cursor: string | undefined, signal?: AbortSignal) =>
    request<PostPage>('GET', `${V1}/posts`, {
      query: { ...filterQuery(filter), limit, cursor },
      signal,
    }),
  explain: (text: string, lang: string | undefined) =>
    request<Explanation>('POST', `${V1}/analysis/explain`, { body: lang ? { text, lang } : { text } }),
  taxonomy: () => request<Taxonomy>('GET', `${V1}/taxonomy`),
  validateQuery: (query: string, signal?: AbortSignal) =>
    request<{ valid: boolean }>('POST', `${V1}/taxonomy/validate`, { body: { query }, signal }),
  saveTaxonomy: (taxonomy: Taxonomy) =>
    request<{ taxonomy: Taxonomy; recategorization: RecategorizationStatus }>('PUT', `${V1}/taxonomy`, { body: taxonomy }),
  recategorization: () => request<RecategorizationStatus>('GET', `${V1}/taxonomy/recategorization`),
  apiKeys: () => request<ApiKeyView[]>('GET', `${V1}/api-keys`),
  createApiKey: (key: NewApiKey) => request<CreatedApiKey>('POST', `${V1}/api-keys`, { body: key }),
  revokeApiKey: (id: string) => request<void>('DELETE', `${V1}/api-keys/${encodeURIComponent(id)}`),
  users: () => request<ManagedUser[]>('GET', `${V1}/users`),
  createUser: (user: NewUser) => request<User>('POST', `${V1}/users`, { body: user }),
  updateUser: (username: string, changes: UserChanges) => request<ManagedUser>('PATCH', `${V1}/users/${encodeURIComponent(username)}`, { body: changes }),
  changePassword: (currentPassword: string, newPassword: string) => request<LoginResponse>('POST', `${V1}/auth/password`, { body: { currentPassword, newPassword } }),
  jobs: () => request<QueueStatus[]>('GET', `${V1}/jobs`),
  failedJobs: (queue: QueueName, limit: number) => request<FailedJob[]>('GET', `${V1}/jobs/failed`, { query: { queue, limit } }),
  sources: () => request<SourceView[]>('GET', `${V1}/sources`),
  createSource: (source: NewSource) => request<SourceView>('POST', `${V1}/sources`, { body: source }),
  pauseSource: (id: string) => request<SourceView>('POST', `${V1}/sources/${encodeURIComponent(id)}/pause`),
  resumeSource: (id: string) => request<SourceView>('POST', `${V1}/sources/${encodeURIComponent(id)}/resume`),
  removeSource: (id: string) => request<void>('DELETE', `${V1}/sources/${encodeURIComponent(id)}`),
  demo: () => request<DemoStatus>('GET', `${V1}/demo`),
  removeDemo: () => request<DemoRemoval>('DELETE', `${V1}/demo`),
  alerts: (state?: string) => request<AlertView[]>('GET', `${V1}/alerts`, { query: { state, limit: 100 } }),
  alert: (id: string) => request<AlertView>('GET', `${V1}/alerts/${encodeURIComponent(id)}`),
  ackAlert: (id: string) => request<AlertView>('POST', `${V1}/alerts/${encodeURIComponent(id)}/ack`),
  resolveAlert: (id: string) => request<AlertView>('POST', `${V1}/alerts/${encodeURIComponent(id)}/resolve`),
  alertRules: () => request<AlertRuleView[]>('GET', `${V1}/alert-rules`),
  dailyReport: (day: string, signal?: AbortSignal) => request<DailyReport>('GET', `${V1}/reports/daily`, { query: { day }, signal }),
  sendDailyReport: (day: string) => request<{ day: string; to: string[] }>('POST', `${V1}/reports/daily/send`, { body: { day } }),
  createAlertRule: (rule: AlertRuleInput) => request<AlertRuleView>('POST', `${V1}/alert-rules`, { body: rule }),
  replaceAlertRule: (id: string, rule: AlertRuleInput) => request<AlertRuleView>('PUT', `${V1}/alert-rules/${encodeURIComponent(id)}`, { body: rule }),
  removeAlertRule: (id: string) => request<void>('DELETE', `${V1}/alert-rules/${encodeURIComponent(id)}`),
  correctPost: (id: string, correction: PostCorrection) =>
    request<WirePost>('PATCH', `${V1}/posts/${encodeURIComponent(id)}/labels`, { body: correction }),
};
