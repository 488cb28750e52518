import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@escucha/config';
import { EmailNotifier, alertMessage, checkWebhookTarget, sendWebhook, timelineEntry, webhookPayload } from '@escucha/alerts';
import type { Analyzer } from '@escucha/analysis';
import { CLOCK, type Alert, type AlertTimelineEntry, type Clock } from '@escucha/core';
import { ANALYZER } from '@escucha/ingest';
import type { Job } from '@escucha/queue';
import { ALERT_STORE, type AlertStore } from '@escucha/store';
import { OnJob } from '../jobs/on-job.decorator';
import { notificationWording } from './notification.wording';

/**
 * Sends one alert message to one channel. A failed attempt is written on the alert's timeline
 * and thrown, so the queue tries again with backoff (ALERTS_DELIVERY_ATTEMPTS, doubling from
 * ALERTS_DELIVERY_BACKOFF_MS); the last failure says it was the last.
 */
@Injectable()
export class AlertDeliveryJob implements OnApplicationShutdown {
  private readonly logger = new Logger('AlertDelivery');
  private email?: EmailNotifier;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(ALERT_STORE) private readonly alerts: AlertStore,
    @Inject(ANALYZER) private readonly analyzer: Analyzer,
  ) {}

  @OnJob('alerts.deliver')
  async handle(job: Job<'alerts.deliver'>): Promise<void> {
    const { ruleId, alertIds, channel, event } = job.data;
    const rule = await this.alerts.getRule(ruleId);
    const alerts = (await Promise.all(alertIds.map((id) => this.alerts.getAlert(id)))).filter((a): a is Alert => a !== undefined);
    // The rule or its alerts were deleted meanwhile: nothing left to tell anyone.
    if (!rule || alerts.length === 0) return;
    const attempt = { channel, event, attempt: job.attempt, maxAttempts: job.maxAttempts };
    const wording = notificationWording(this.config, this.analyzer);
    try {
      if (channel === 'webhook') {
        if (!rule.channels.webhook) return;
        // Again at delivery: a name that resolved outside when the rule was saved may not now.
        await checkWebhookTarget(rule.channels.webhook.url, this.config.alerts.webhookAllowInternal);
        await sendWebhook(rule.channels.webhook.url, webhookPayload(event, rule, alerts, wording), this.config.alerts.webhookSecret, this.clock.now());
      } else {
        const smtp = this.config.alerts.smtpUrl;
        if (!rule.channels.email || !smtp) return;
        this.email ??= new EmailNotifier(smtp, this.config.alerts.emailFrom);
        await this.email.send(rule.channels.email.to, alertMessage(event, rule, alerts, wording));
      }
    } catch (error) {
      const outcome = job.attempt >= job.maxAttempts ? 'delivery-gave-up' : 'delivery-failed';
      const entry = timelineEntry(this.clock.now(), { wording: outcome, ...attempt, error: (error as Error).message });
      this.logger.warn(entry.message);
      await this.noteAll(alertIds, entry);
      throw error;
    }
    await this.noteAll(alertIds, timelineEntry(this.clock.now(), { wording: 'delivered', ...attempt }));
  }

  onApplicationShutdown(): void {
    this.email?.close();
  }

  private async noteAll(ids: readonly string[], entry: AlertTimelineEntry): Promise<void> {
    for (const id of ids) await this.alerts.updateAlert(id, (a) => ({ ...a, timeline: [...a.timeline, entry] }));
  }
}
