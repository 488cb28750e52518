import { timingSafeEqual, createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { AppError, CLOCK, type Clock } from '@escucha/core';
import { HUB_SIGNATURE_HEADER, feedPosts, verifyHubSignature } from '@escucha/connectors';
import { Metrics } from '@escucha/infra';
import { IngestService, SourceRegistry, validatePostInput, type IngestResult, type ResolvedSource } from '@escucha/ingest';

/**
 * A Facebook source's page `feed` webhook. Meta first checks the callback URL with a GET that
 * must echo `hub.challenge` when `hub.verify_token` is the source's; each delivery is then a
 * POST signed in X-Hub-Signature-256 with the app secret. Nothing is read from a delivery, or
 * stored, before its signature checks out.
 */
@Injectable()
export class FacebookWebhookService {
  constructor(
    private readonly registry: SourceRegistry,
    private readonly ingest: IngestService,
    private readonly metrics: Metrics,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  verify(resolved: ResolvedSource, query: Record<string, unknown>): string {
    const mode = query['hub.mode'];
    const token = query['hub.verify_token'];
    const challenge = query['hub.challenge'];
    if (mode !== 'subscribe' || typeof token !== 'string' || typeof challenge !== 'string') {
      throw new AppError('WEBHOOK_VERIFY_BAD_REQUEST', 'expected hub.mode=subscribe with hub.verify_token and hub.challenge', 400);
    }
    if (!sameSecret(token, resolved.credentials.verifyToken ?? '')) {
      this.registry.record(resolved.source.id, 0, 'refused a subscription check: hub.verify_token does not match');
      throw new AppError('WEBHOOK_VERIFY_TOKEN', 'hub.verify_token does not match this source\'s verifyToken', 403);
    }
    return challenge;
  }

  async receive(resolved: ResolvedSource, raw: Buffer, headers: Record<string, string | undefined>): Promise<IngestResult> {
    const id = resolved.source.id;
    if (!verifyHubSignature(headers[HUB_SIGNATURE_HEADER], raw, resolved.credentials.appSecret ?? '')) {
      this.registry.record(id, 0, `refused a delivery: ${headers[HUB_SIGNATURE_HEADER] ? 'X-Hub-Signature-256 does not match the body' : 'no X-Hub-Signature-256'}`);
      throw new AppError('WEBHOOK_SIGNATURE_INVALID', 'X-Hub-Signature-256 is missing or is not the HMAC-SHA256 of the body with the app secret', 401);
    }
    if (resolved.source.state !== 'active') throw new AppError('SOURCE_PAUSED', `source "${id}" is paused; resume it to take posts`, 409);
    let body: unknown;
    try {
      body = JSON.parse(raw.toString('utf8'));
    } catch (error) {
      this.metrics.recordConnector(id, { malformed: 1 });
      this.registry.record(id, 0, `skipped a delivery that is not JSON: ${(error as Error).message}`);
      throw new AppError('MALFORMED_JSON', `the body is not valid JSON: ${(error as Error).message}`, 400);
    }
    const feed = feedPosts(body, this.clock.now());
    // What the mapping built is still checked like any record: a delivery is outside input.
    const posts = feed.posts.filter((post) => validatePostInput(post).ok);
    const skipped = feed.skipped + feed.posts.length - posts.length;
    if (skipped) {
      this.metrics.recordConnector(id, { malformed: skipped });
      this.registry.record(id, 0, `skipped ${skipped} change(s) of a delivery that are not page feed changes`);
    }
    if (posts.length) {
      await this.ingest.accept(posts, 'ingest');
      this.registry.record(id, posts.length);
      this.metrics.recordConnector(id, { events: posts.length });
    }
    return { accepted: posts.length, rejected: [] };
  }
}

function sameSecret(given: string, expected: string): boolean {
  const digest = (value: string) => createHash('sha256').update(value).digest();
  return expected !== '' && timingSafeEqual(digest(given), digest(expected));
}
