/** Where a streaming connector keeps what it needs to resume (a cursor, a newest id) across restarts and hand-overs. */
export interface ConnectorStateStore<T> {
  load(): Promise<T | undefined>;
  save(state: T): Promise<void>;
}

/** How a running connector is doing, as the Sources page and /metrics show it. */
export interface ConnectorStatus {
  connected: boolean;
  /** ISO-8601: the newest post handed on. */
  lastEventAt?: string;
  /** Posts handed on since start. */
  events: number;
  /** Payloads that did not parse, counted and skipped. */
  malformed: number;
  /** Posts seen twice (a replay or backfill overlapping the stream) and handed on once. */
  duplicates: number;
  /** Connections opened after the first. */
  reconnects: number;
  /** Requests (or, for Graph, percent of quota) left in the rate-limit window, where the protocol says. */
  rateLimitRemaining?: number;
  lastError?: string;
}

/** Where a connector says how it is doing, as it happens: the source registry in the server. */
export interface ConnectorReporter {
  events(count: number): void;
  error(message: string): void;
}

export interface ConnectorLogger {
  log(message: string): void;
  warn(message: string): void;
}

export const SILENT_LOGGER: ConnectorLogger = { log: () => undefined, warn: () => undefined };

export function describeError(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Keyword match on our side, for streams that carry everything: any query whose words all appear. */
export function keywordMatcher(queries: readonly string[]): (text: string) => boolean {
  const rules = queries
    .map((query) => query.toLowerCase().split(/\s+/).filter(Boolean))
    .filter((words) => words.length > 0);
  if (rules.length === 0) return () => true;
  return (text) => {
    const lower = text.toLowerCase();
    return rules.some((words) => words.every((word) => lower.includes(word)));
  };
}
