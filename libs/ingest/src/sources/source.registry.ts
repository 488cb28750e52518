import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { Interval } from '@nestjs/schedule';
import { APP_CONFIG, type AppConfig, type DeclaredSource } from '@escucha/config';
import { AppError, CLOCK, NotFoundError, type Clock, type SourceState } from '@escucha/core';
import { SOURCE_STORE, eventsLastMinute, type SourceStore, type StoredSource } from '@escucha/store';
import { ConnectorStateRegistry, type ConnectorSample } from './connector.state';
import { CredentialsCipher } from './credentials.cipher';

/** A source as the API shows it: never its credentials, only whether it has some. */
export interface SourceView {
  id: string;
  kind: StoredSource['kind'];
  name: string;
  channel: StoredSource['channel'];
  state: SourceState;
  hasCredentials: boolean;
  createdAt: string;
  updatedAt: string;
  stats: { lastEventAt?: string; eventsLastMinute: number; lastError?: string; lastErrorAt?: string };
  /** For streaming connectors: the stream holder's latest sample. */
  connector?: {
    connected: boolean;
    malformed: number;
    reconnects: number;
    duplicates: number;
    rateLimitRemaining?: number;
    sampledAt: string;
  };
}

/** Kinds whose connector publishes samples of its state. */
const STREAMING_KINDS: ReadonlySet<string> = new Set(['x', 'bluesky', 'mastodon', 'facebook']);
/** A sample older than this means no process runs the stream: it is shown as not connected. */
const SAMPLE_FRESH_MS = 30_000;

/** A source with its credentials opened, for the code that talks to it (a webhook check, a connector). */
export interface ResolvedSource {
  source: StoredSource;
  credentials: Record<string, string>;
}

export const SOURCES_KEY_FILE = 'sources.key';
/** How long a resolved source is reused: a pause made on another node takes at most this long to bite. */
const RESOLVE_TTL_MS = 2_000;
/** Activity is summed in memory and written this often, not once per event. */
const FLUSH_MS = 2_000;

interface Pending {
  events: number;
  at: Date;
  error?: string;
  errorAt?: Date;
}

/**
 * The registry of sources for every feature: the API's admin screens, the webhook edge and
 * (later) the network connectors. Credentials are sealed before they reach the store and
 * opened only for the code that uses them.
 */
@Injectable()
export class SourceRegistry implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('Sources');
  private cipher?: CredentialsCipher;
  private readonly resolved = new Map<string, { value: ResolvedSource | undefined; until: number }>();
  private pending = new Map<string, Pending>();

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(SOURCE_STORE) private readonly store: SourceStore,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly connectors: ConnectorStateRegistry,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    this.cipher = new CredentialsCipher(this.config.sources.key ?? (await this.loadKey()));
    for (const declared of this.config.sources.declared) await this.declare(declared);
    if (this.config.sources.declared.length) this.logger.log(`declared ${this.config.sources.declared.length} source(s) from SOURCES_FILE`);
  }

  async onModuleDestroy(): Promise<void> {
    await this.flush();
  }

  async list(): Promise<SourceView[]> {
    const now = this.clock.now();
    return Promise.all((await this.store.list()).map(async (source) => toView(source, now, await this.sampleOf(source))));
  }

  async view(id: string): Promise<SourceView> {
    const source = await this.find(id);
    return toView(source, this.clock.now(), await this.sampleOf(source));
  }

  private async sampleOf(source: StoredSource): Promise<ConnectorSample | undefined> {
    if (!STREAMING_KINDS.has(source.kind)) return undefined;
    return this.connectors.sample(source.id).catch(() => undefined);
  }

  async create(source: DeclaredSource): Promise<SourceView> {
    const stored = await this.store.create(this.seal(source), this.clock.now());
    return toView(stored, this.clock.now());
  }

  async setState(id: string, state: SourceState): Promise<SourceView> {
    const stored = await this.store.setState(id, state, this.clock.now());
    if (!stored) throw new NotFoundError(`no source "${id}"`);
    this.resolved.delete(id);
    return toView(stored, this.clock.now());
  }

  async remove(id: string): Promise<void> {
    if (!(await this.store.delete(id))) throw new NotFoundError(`no source "${id}"`);
    this.resolved.delete(id);
    this.pending.delete(id);
  }

  /** The source with its credentials, cached for a moment: a webhook under load must not cost a store read per call. */
  async resolve(id: string): Promise<ResolvedSource | undefined> {
    const now = Date.now();
    const cached = this.resolved.get(id);
    if (cached && cached.until > now) return cached.value;
    const source = await this.store.get(id);
    const value = source && { source, credentials: source.credentials ? this.keys().open(source.credentials) : {} };
    this.resolved.set(id, { value, until: now + RESOLVE_TTL_MS });
    return value;
  }

  /** Counts events (and the latest error) for a source; written to the store in the background. */
  record(id: string, events: number, error?: string): void {
    const now = this.clock.now();
    const entry = this.pending.get(id) ?? { events: 0, at: now };
    entry.events += events;
    if (events > 0) entry.at = now;
    if (error !== undefined) {
      entry.error = error;
      entry.errorAt = now;
    }
    this.pending.set(id, entry);
  }

  @Interval('sources-activity-flush', FLUSH_MS)
  async flush(): Promise<void> {
    if (this.pending.size === 0) return;
    const batch = this.pending;
    this.pending = new Map();
    for (const [id, entry] of batch) {
      try {
        if (entry.events > 0) await this.store.recordActivity(id, { at: entry.at, events: entry.events });
        if (entry.error !== undefined) await this.store.recordActivity(id, { at: entry.errorAt!, events: 0, error: entry.error });
      } catch (error) {
        // Activity is a gauge: losing one interval's counts beats holding them against a store that is down.
        this.logger.warn(`could not record activity of source "${id}": ${(error as Error).message}`);
      }
    }
  }

  private async find(id: string): Promise<StoredSource> {
    const source = await this.store.get(id);
    if (!source) throw new NotFoundError(`no source "${id}"`);
    return source;
  }

  /**
   * A declared source (from SOURCES_FILE, or one a connector's settings imply) is brought to
   * what the declaration says, except its state once it exists: an admin's pause stands.
   */
  async declare(declared: DeclaredSource): Promise<void> {
    const existing = await this.store.get(declared.id);
    await this.store.save(this.seal({ ...declared, state: existing?.state ?? declared.state }), this.clock.now());
  }

  private seal(source: DeclaredSource): Parameters<SourceStore['create']>[0] {
    const { credentials, ...definition } = source;
    return credentials && Object.keys(credentials).length ? { ...definition, credentials: this.keys().seal(credentials) } : definition;
  }

  private keys(): CredentialsCipher {
    if (!this.cipher) throw new AppError('NOT_READY', 'the source registry is starting', 503);
    return this.cipher;
  }

  /** Like the auth secret: kept under DATA_DIR so it survives restarts; SOURCES_KEY when several nodes share a store. */
  private async loadKey(): Promise<Buffer> {
    const file = join(this.config.dataDir, SOURCES_KEY_FILE);
    await mkdir(this.config.dataDir, { recursive: true });
    try {
      await writeFile(file, randomBytes(32).toString('hex'), { mode: 0o600, flag: 'wx' });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const key = Buffer.from((await readFile(file, 'utf8')).trim(), 'hex');
    if (key.length !== 32) throw new Error(`${file} does not hold a 32-byte hex key; remove it or set SOURCES_KEY`);
    return key;
  }
}

function toView(source: StoredSource, now: Date, sample?: ConnectorSample): SourceView {
  const { activity } = source;
  const view: SourceView = {
    id: source.id,
    kind: source.kind,
    name: source.name,
    channel: source.channel,
    state: source.state,
    hasCredentials: source.credentials !== undefined,
    createdAt: source.createdAt.toISOString(),
    updatedAt: source.updatedAt.toISOString(),
    stats: {
      lastEventAt: activity.lastEventAt?.toISOString(),
      eventsLastMinute: eventsLastMinute(activity, now),
      lastError: activity.lastError,
      lastErrorAt: activity.lastErrorAt?.toISOString(),
    },
  };
  if (sample) {
    const fresh = now.getTime() - Date.parse(sample.sampledAt) <= SAMPLE_FRESH_MS;
    view.connector = { ...sample, connected: sample.connected && fresh };
  }
  return view;
}
