import type { PostInput, Source } from './post';

/** File formats an import takes: rows of CSV or JSONL, or email as single `.eml` messages or mbox mailboxes. */
export const IMPORT_FORMATS = ['csv', 'jsonl', 'eml', 'mbox'] as const;
export type ImportFormat = (typeof IMPORT_FORMATS)[number];

/**
 * Every job the system runs, keyed by name. A handler is declared for each name
 * (`@OnJob(name)`), and the boot check refuses to start when one is missing or doubled.
 */
export interface JobPayloads {
  /** Posts accepted by the API or a connector, to enrich and store. */
  'posts.ingest': { posts: PostInput[]; receivedAt: string };
  /**
   * Re-categorise stored posts with taxonomy `version`, one slice at a time: each job
   * handles a few pages from `cursor` and queues the next, so progress survives restarts.
   */
  'posts.recategorize': { version: number; cursor?: string; processed: number; total: number; step: number };
  /**
   * An uploaded file of posts for a registered source. The file travels in the payload: the queue
   * is durable and every worker reads it, so an import survives the loss of the node it was sent to.
   */
  'sources.import': { importId: string; sourceId: string; channel: Source; format: ImportFormat; content: string };
  /** Fetch a past period from X's search (recent or full-archive) into the store, with progress under `backfillId`. */
  'x.backfill': { backfillId: string; from: string; to: string };
  /** Read the posts and comments of the pages a Facebook source's user manages, with progress under `backfillId`. */
  'facebook.backfill': { backfillId: string; sourceId: string; from?: string; to?: string };
  /** A CSV or JSONL file of CRM customers, imported with progress under `importId`. */
  'customers.import': { importId: string; format: 'csv' | 'jsonl'; content: string };
  /**
   * Link authors already seen to the customers known now (after a CRM import): one page of
   * authors per job, each job queueing the next. The first job of a pass has only `requestedAt`.
   */
  'identity.relink': {
    requestedAt: string;
    /** The first job's id, shared by the pass's jobs (their ids are `<pass>-<step>`). */
    pass?: string;
    step?: number;
    /** Where the pass goes on; absent: from the first author. */
    cursor?: string;
    /** Authors relinked and linked by the pass's earlier jobs. */
    authors?: number;
    linked?: number;
  };
  /** Take what the demo stream wrote out of the store, once it is off; its status is under `removalId`. */
  'demo.remove': { removalId: string };
  /** Retention: drop posts older than RETENTION_DAYS. Scheduled, once per cluster. */
  'store.retention': Record<string, never>;
  /** One message about `alertIds` (one alert, or a rule's digest) to one channel of their rule; retried with backoff. */
  'alerts.deliver': { ruleId: string; alertIds: string[]; channel: 'webhook' | 'email'; event: 'opened' | 'resolved' | 'digest' };
  /** The daily report of `day` (a local date, YYYY-MM-DD) by email; `manual` when an admin asked, which the schedule does not count as its own. */
  'reports.daily': { day: string; manual?: boolean };
}

export type JobName = keyof JobPayloads;
export const JOB_NAMES: readonly JobName[] = ['posts.ingest', 'posts.recategorize', 'sources.import', 'x.backfill', 'facebook.backfill', 'customers.import', 'identity.relink', 'demo.remove', 'store.retention', 'alerts.deliver', 'reports.daily'];

/** `ingest` is online traffic and always goes first; `batch` is backfills and re-categorising. */
export const QUEUE_NAMES = ['ingest', 'batch'] as const;
export type QueueName = (typeof QUEUE_NAMES)[number];

/** Where re-categorising history for a taxonomy version stands, as the API reports it. */
export interface RecategorizationStatus {
  /** Taxonomy version history is being brought to. */
  version: number;
  state: 'running' | 'done' | 'superseded';
  processed: number;
  /** Posts stored when it started; posts ingested meanwhile are categorised on arrival. */
  total: number;
  /** ISO-8601. */
  startedAt: string;
  finishedAt?: string;
}

/** A bad row of an import: the line it starts on in the file, and what is wrong. */
export interface ImportRowError {
  line: number;
  /** For email imports, the message's number in the file (1-based). */
  message?: number;
  error: string;
}

/** Where a CRM file import stands: an import's status without a source. */
export type CustomerImportStatus = Omit<ImportStatus, 'sourceId' | 'format'> & { format: 'csv' | 'jsonl' };

/** Where an import job stands, as the API reports it. */
export interface ImportStatus {
  id: string;
  sourceId: string;
  format: ImportFormat;
  state: 'queued' | 'running' | 'done' | 'failed';
  /** Bytes of the uploaded file. */
  bytes: number;
  /** Rows read so far (good and bad). */
  processed: number;
  accepted: number;
  rejected: number;
  /** The first bad rows, in file order; `rejected` counts them all. */
  errors: ImportRowError[];
  /** ISO-8601. */
  createdAt: string;
  finishedAt?: string;
  /** Why the whole import failed, when it did. */
  error?: string;
}

/** Progress of an X backfill, as the API shows it. */
export interface XBackfillStatus {
  id: string;
  from: string;
  to: string;
  /** `recent` reaches 7 days back; `all` is full-archive search, on the tiers that include it. */
  endpoint: 'recent' | 'all';
  state: 'queued' | 'running' | 'done' | 'failed';
  /** Rules done out of all, and search pages read. */
  queriesDone: number;
  queries: number;
  pages: number;
  posts: number;
  /** Times the job waited for X's rate-limit window to reset. */
  rateLimitWaits: number;
  /** Rules X refused as search queries, with its message. */
  skipped: Array<{ query: string; error: string }>;
  createdAt: string;
  finishedAt?: string;
  error?: string;
}

/** Progress of a Facebook pages backfill, as the API shows it. */
export interface FacebookBackfillStatus {
  id: string;
  sourceId: string;
  from?: string;
  to?: string;
  state: 'queued' | 'running' | 'done' | 'failed';
  /** Pages the user manages (those the source lists, when it does), and those read so far. */
  pages: number;
  pagesDone: number;
  posts: number;
  comments: number;
  requests: number;
  /** Times the job waited out Graph's throttling. */
  rateLimitWaits: number;
  /** Percent of Graph's tightest quota left, as it last said. */
  rateLimitRemaining?: number;
  createdAt: string;
  finishedAt?: string;
  error?: string;
}

/** A removal of the demo's data: its posts, its CRM's customers and their links, its offers, the alerts its posts opened. */
export interface DemoRemovalStatus {
  id: string;
  state: 'queued' | 'running' | 'done' | 'failed';
  /** `alerts` is absent in a status written by a version before alerts were removed too. */
  removed: { posts: number; customers: number; links: number; offers: number; alerts?: number };
  /** ISO-8601. */
  createdAt: string;
  finishedAt?: string;
  error?: string;
}
