import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@escucha/config';
import { AppError, CLOCK, type Clock } from '@escucha/core';
import { SIGNATURE_HEADER, SIGNATURE_LEDGER, verifyWebhookSignature, withSourceDefaults, type SignatureLedger } from '@escucha/connectors';
import { IngestService, SourceRegistry, type IngestResult, type ResolvedSource } from '@escucha/ingest';
import { NDJSON_TYPES, parseIngestBody } from '../ingest/ingest-body.parser';
import { FacebookWebhookService } from './facebook-webhook.service';

/**
 * A signed push from an internal channel. Order matters: nothing about the source (not even
 * whether it is paused) is told before the signature checks out, and nothing is stored after a
 * failed check. Accepted records take the same path as POST /api/v1/posts.
 */
@Injectable()
export class WebhooksService {
  constructor(
    private readonly registry: SourceRegistry,
    private readonly ingest: IngestService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly facebook: FacebookWebhookService,
    @Inject(SIGNATURE_LEDGER) private readonly replays: SignatureLedger,
  ) {}

  /** A delivery to a webhook or Facebook source; `status` when the answer is not the route's 202. */
  async receive(sourceId: string, body: unknown, headers: Record<string, string | undefined>): Promise<{ result: IngestResult; status?: number }> {
    const resolved = await this.registry.resolve(sourceId);
    const raw = Buffer.isBuffer(body) ? body : Buffer.alloc(0);
    if (resolved?.source.kind === 'facebook') return { result: await this.facebook.receive(resolved, raw, headers), status: 200 };
    return { result: await this.receiveSigned(sourceId, resolved, raw, headers) };
  }

  async verify(sourceId: string, query: Record<string, unknown>): Promise<string> {
    const resolved = await this.registry.resolve(sourceId);
    if (resolved?.source.kind !== 'facebook') throw new AppError('SOURCE_NOT_FOUND', `no Facebook source "${sourceId}"`, 404);
    return this.facebook.verify(resolved, query);
  }

  private async receiveSigned(sourceId: string, resolved: ResolvedSource | undefined, raw: Buffer, headers: Record<string, string | undefined>): Promise<IngestResult> {
    if (!resolved || resolved.source.kind !== 'webhook') throw new AppError('SOURCE_NOT_FOUND', `no webhook source "${sourceId}"`, 404);
    const nowS = Math.floor(this.clock.now().getTime() / 1000);
    const check = verifyWebhookSignature(headers[SIGNATURE_HEADER], raw, resolved.credentials.secret ?? '', nowS);
    if (!check.ok) {
      this.registry.record(sourceId, 0, `refused a request: ${check.message}`);
      throw new AppError(check.code, check.message, 401);
    }
    if (resolved.source.state !== 'active') throw new AppError('SOURCE_PAUSED', `source "${sourceId}" is paused; resume it to take posts`, 409);
    if (!(await this.replays.admit(check.signature, check.timestamp, nowS))) {
      throw new AppError('WEBHOOK_REPLAYED', 'this signed request was already received; sign each delivery anew', 409);
    }
    try {
      const records = parseIngestBody(decode(raw, headers['content-type']), this.config.ingest.maxPosts).map((record) =>
        withSourceDefaults(record, resolved.source.channel),
      );
      const result = await this.ingest.ingest(records);
      this.registry.record(sourceId, result.accepted, result.rejected.length ? `${result.rejected.length} record(s) rejected: ${result.rejected[0].error}` : undefined);
      return result;
    } catch (error) {
      // Nothing of it was taken: a signature counts as used only once its delivery is, so the
      // sender's resend of the same request (after a 503, say) is answered on its merits, not
      // refused as a replay.
      // A ledger that cannot answer now leaves the signature spent, as before; the error stays the one to report.
      await this.replays.release(check.signature).catch(() => undefined);
      this.registry.record(sourceId, 0, (error as Error).message);
      throw error;
    }
  }
}

/** The raw body as the ingest parser takes it: NDJSON as text, anything else as JSON. */
function decode(raw: Buffer, contentType: string | undefined): unknown {
  const text = raw.toString('utf8');
  const type = (contentType ?? '').split(';')[0].trim().toLowerCase();
  if (NDJSON_TYPES.includes(type)) return text;
  if (text.trim() === '') return {};
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new AppError('MALFORMED_JSON', `the body is not valid JSON: ${(error as Error).message}`, 400);
  }
}
