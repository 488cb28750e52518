import { Inject, Injectable } from '@nestjs/common';
import { DAILY_REPORT_RETRIES, DailyReportBuilder, dayRange, localDay } from '@escucha/alerts';
import { vocabularyLabels, type Analyzer } from '@escucha/analysis';
import { APP_CONFIG, type AppConfig } from '@escucha/config';
import { AppError, CLOCK, type Clock, type DailyReport } from '@escucha/core';
import { ANALYZER } from '@escucha/ingest';
import { JOB_QUEUE, type JobQueue } from '@escucha/queue';
import { ALERT_STORE, POST_STORE, type AlertStore, type PostStore } from '@escucha/store';

const DAY_MS = 86_400_000;

/** The daily report: read on demand, or sent by email now (the worker sends it each morning on its own). */
@Injectable()
export class ReportsService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(POST_STORE) private readonly posts: PostStore,
    @Inject(ALERT_STORE) private readonly alerts: AlertStore,
    @Inject(ANALYZER) private readonly analyzer: Analyzer,
    @Inject(JOB_QUEUE) private readonly queue: JobQueue,
  ) {}

  daily(day?: string): Promise<DailyReport> {
    return new DailyReportBuilder(this.posts, this.alerts, this.config.alerts.utcOffsetMinutes).build(this.dayOrYesterday(day), vocabularyLabels(this.analyzer));
  }

  async send(day?: string): Promise<{ day: string; to: string[] }> {
    const reports = this.config.reports;
    if (!reports) throw new AppError('NOT_CONFIGURED', 'the daily report has no recipients: set REPORT_EMAIL_TO (and SMTP_URL)', 409);
    const wanted = this.dayOrYesterday(day);
    // Its own job id: an admin's send neither waits behind nor stands in for the scheduled one.
    await this.queue.add('batch', { name: 'reports.daily', data: { day: wanted, manual: true }, opts: { jobId: `reports-daily-${wanted}-asked-${this.clock.now().getTime()}`, ...DAILY_REPORT_RETRIES } });
    return { day: wanted, to: [...reports.to] };
  }

  private dayOrYesterday(day: string | undefined): string {
    const offset = this.config.alerts.utcOffsetMinutes;
    const wanted = day ?? localDay(new Date(this.clock.now().getTime() - DAY_MS), offset);
    // Checked here too: the pattern lets 2026-02-30 through.
    dayRange(wanted, offset);
    return wanted;
  }
}
