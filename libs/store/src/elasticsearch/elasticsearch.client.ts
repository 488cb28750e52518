import { Client, errors, type estypes } from '@elastic/elasticsearch';
import { AppError, UnavailableError } from '@escucha/core';

/**
 * The one client the stores share, and how its failures become the errors the port speaks:
 * an unreachable cluster or a closed store is UNAVAILABLE (503), so the API and the queue
 * treat it as transient; anything else keeps Elasticsearch's message for the log.
 */
/** Writers racing on one document: enough rounds for a handful of nodes to all get through. */
const CAS_TRIES = 20;

export interface Versioned<T> {
  doc: T;
  seqNo: number;
  primaryTerm: number;
}

export class ElasticsearchConnection {
  private closed = false;

  private constructor(
    private readonly raw: Client,
    readonly url: string,
  ) {}

  static open(url: string): ElasticsearchConnection {
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      throw new UnavailableError(`the Elasticsearch URL "${url}" is not a URL`);
    }
    const client = new Client({
      node: parsed.toString(),
      // Transport-level retries cover dropped connections and 502/503/504; 429 (bulk rejections)
      // is retried per item by the bulk writer, which knows which items to resend.
      maxRetries: 3,
      requestTimeout: 60_000,
    });
    return new ElasticsearchConnection(client, redact(parsed));
  }

  /** The client for one call; refuses once closed, so a late call fails clearly instead of hanging. */
  get client(): Client {
    if (this.closed) throw new UnavailableError('the Elasticsearch store is closed');
    return this.raw;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.raw.close();
  }

  /** Runs one call and maps transport failures; AppErrors (validation, conflicts) pass through. */
  async call<T>(what: string, run: (client: Client) => Promise<T>): Promise<T> {
    const client = this.client;
    try {
      return await run(client);
    } catch (error) {
      throw this.translate(what, error);
    }
  }

  /** Creates an index unless it exists: every process runs init at start, and any may be first. */
  async createIndexIfMissing(request: estypes.IndicesCreateRequest): Promise<void> {
    try {
      await this.client.indices.create(request);
    } catch (error) {
      if (isResponseError(error, 400, 'resource_already_exists_exception')) return;
      throw this.translate(`creating index ${request.index}`, error);
    }
  }

  /** A document with the sequence number and primary term a conditional write needs; undefined when absent. */
  async readVersioned<T>(index: string, id: string, what: string): Promise<Versioned<T> | undefined> {
    try {
      const response = await this.client.get<T>({ index, id });
      if (!response.found || !response._source) return undefined;
      return { doc: response._source, seqNo: response._seq_no!, primaryTerm: response._primary_term! };
    } catch (error) {
      if (isResponseError(error, 404)) return undefined;
      throw this.translate(what, error);
    }
  }

  /**
   * Optimistic read-modify-write: applies `change` to the stored document (undefined when
   * absent) and writes the result only if no one wrote in between (`if_seq_no`), creating it
   * when absent; on a conflict it reads again, up to `tries` times, then answers 409 CONFLICT.
   * `change` answering undefined writes nothing. Works without the scripting module, which some
   * clusters (and the test distribution) lack.
   */
  async compareAndSet<T>(
    index: string,
    id: string,
    what: string,
    change: (current: T | undefined) => T | undefined,
    options: { refresh?: boolean; tries?: number } = {},
  ): Promise<{ doc: T | undefined; written: boolean }> {
    const { refresh = true, tries = CAS_TRIES } = options;
    for (let attempt = 0; attempt < tries; attempt++) {
      const stored = await this.readVersioned<T>(index, id, what);
      const next = change(stored?.doc);
      if (next === undefined) return { doc: stored?.doc, written: false };
      try {
        if (stored) await this.client.index({ index, id, document: next, if_seq_no: stored.seqNo, if_primary_term: stored.primaryTerm, refresh });
        else await this.client.create({ index, id, document: next, refresh });
        return { doc: next, written: true };
      } catch (error) {
        if (!isResponseError(error, 409)) throw this.translate(what, error);
      }
    }
    throw new AppError('CONFLICT', `${what}: "${id}" kept changing; try again`, 409);
  }

  translate(what: string, error: unknown): Error {
    if (error instanceof AppError) return error;
    if (
      error instanceof errors.ConnectionError ||
      error instanceof errors.TimeoutError ||
      error instanceof errors.NoLivingConnectionsError
    ) {
      return new UnavailableError(`Elasticsearch at ${this.url} did not answer (${what}): ${error.message}`);
    }
    if (error instanceof errors.ResponseError && (error.statusCode === 429 || (error.statusCode ?? 0) >= 500)) {
      return new UnavailableError(`Elasticsearch at ${this.url} is overloaded or failing (${what}): ${reason(error)}`);
    }
    if (error instanceof errors.ResponseError) {
      return new Error(`Elasticsearch refused ${what} (HTTP ${error.statusCode}): ${reason(error)}`);
    }
    return error instanceof Error ? error : new Error(String(error));
  }
}

export function isResponseError(error: unknown, status: number, type?: string): boolean {
  return error instanceof errors.ResponseError && error.statusCode === status && (type === undefined || errorType(error) === type);
}

export function isRetryableResponse(error: unknown): boolean {
  return error instanceof errors.ResponseError && (error.statusCode === 429 || (error.statusCode ?? 0) >= 502);
}

function errorType(error: errors.ResponseError): string | undefined {
  const body: unknown = error.body;
  if (body && typeof body === 'object' && 'error' in body) {
    const inner = (body as { error: unknown }).error;
    if (inner && typeof inner === 'object' && 'type' in inner) return String((inner as { type: unknown }).type);
  }
  return undefined;
}

function reason(error: errors.ResponseError): string {
  const body: unknown = error.body;
  if (body && typeof body === 'object' && 'error' in body) {
    const inner = (body as { error: unknown }).error;
    if (inner && typeof inner === 'object' && 'reason' in inner) {
      return `${errorType(error) ?? 'error'}: ${String((inner as { reason: unknown }).reason)}`;
    }
  }
  return error.message;
}

/** URLs may carry credentials; messages and logs get the host only. */
function redact(url: URL): string {
  return `${url.protocol}//${url.host}`;
}

/**
 * Without an explicit replica count, `auto_expand_replicas: 0-1`: one replica as soon as a
 * second node can hold it, none on a single node (the compose footprint), where a replica could
 * never be placed and would leave every index yellow.
 */
export function indexSettings(shards: number, replicas: number | undefined): estypes.IndicesIndexSettings {
  return replicas === undefined
    ? { number_of_shards: shards, auto_expand_replicas: '0-1' }
    : { number_of_shards: shards, number_of_replicas: replicas };
}
