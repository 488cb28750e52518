import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { Interval } from '@nestjs/schedule';
import { DAILY_REPORT_RETRIES, DailyReportBuilder, EmailNotifier, dailyReportMessage, dueDay } from '@escucha/alerts';
import { vocabularyLabels, type Analyzer } from '@escucha/analysis';
import { APP_CONFIG, type AppConfig } from '@escucha/config';
import { AppError, CLOCK, type Clock } from '@escucha/core';
import { ANALYZER } from '@escucha/ingest';
import { JOB_QUEUE, type Job, type JobQueue } from '@escucha/queue';
import { ALERT_STORE, CHECKPOINT_STORE, POST_STORE, type AlertStore, type CheckpointStore, type PostStore } from '@escucha/store';
import { notificationWording } from '../alerts/notification.wording';
import { OnJob } from '../jobs/on-job.decorator';

/** The last day whose scheduled report went out. */
export const REPORT_CHECKPOINT = 'reports.daily.sent';

/**
 * The daily report by email (REPORT_EMAIL_TO), for the local day before, once the local clock
 * passes REPORT_HOUR. Every worker looks each minute (a per-process timer); the job's id is the
 * day, so however many look, the queue holds one job for it, and the checkpoint written after the
 * mail went out keeps a later look, or a restart, from sending it again.
 */
@Injectable()
export class DailyReportJob implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('DailyReport');
  private email?: EmailNotifier;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(JOB_QUEUE) private readonly queue: JobQueue,
    @Inject(CHECKPOINT_STORE) private readonly checkpoints: CheckpointStore,
    @Inject(POST_STORE) private readonly posts: PostStore,
    @Inject(ALERT_STORE) private readonly alerts: AlertStore,
    @Inject(ANALYZER) private readonly analyzer: Analyzer,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const reports = this.config.reports;
    if (!reports) return;
    this.logger.log(`daily report to ${reports.to.join(', ')} at ${String(reports.hour).padStart(2, '0')}:00 local time`);
    // A process started after the hour sends the day's report now rather than at the next look.
    await this.look();
  }

  @Interval(60_000)
  async look(): Promise<void> {
    const reports = this.config.reports;
    if (!reports) return;
    try {
      const day = dueDay(this.clock.now(), reports.hour, this.config.alerts.utcOffsetMinutes);
      if ((await this.checkpoints.get(REPORT_CHECKPOINT))?.value === day) return;
      await this.queue.add('batch', { name: 'reports.daily', data: { day }, opts: { jobId: `reports-daily-${day}`, ...DAILY_REPORT_RETRIES } });
    } catch (error) {
      // The next look tries again; a store or queue outage must not end the process.
      this.logger.warn(`daily report not queued: ${(error as Error).message}`);
    }
  }

  @OnJob('reports.daily')
  async send(job: Job<'reports.daily'>): Promise<void> {
    const reports = this.config.reports;
    const smtp = this.config.alerts.smtpUrl;
    // Queued by a process that has them: this worker's settings differ, which the job's failure should say.
    if (!reports || !smtp) throw new AppError('NOT_CONFIGURED', 'this worker has no REPORT_EMAIL_TO (or SMTP_URL): set them as on the API nodes', 500);
    const { day, manual } = job.data;
    if (!manual && (await this.checkpoints.get(REPORT_CHECKPOINT))?.value === day) return;
    const report = await new DailyReportBuilder(this.posts, this.alerts, this.config.alerts.utcOffsetMinutes).build(day, vocabularyLabels(this.analyzer));
    this.email ??= new EmailNotifier(smtp, this.config.alerts.emailFrom);
    await this.email.send(reports.to, dailyReportMessage(report, notificationWording(this.config, this.analyzer)));
    if (!manual) await this.checkpoints.put(REPORT_CHECKPOINT, day, this.clock.now());
    this.logger.log(`daily report of ${day} sent to ${reports.to.length} address(es)${manual ? ' (asked for)' : ''}`);
  }

  onApplicationShutdown(): void {
    this.email?.close();
  }
}
