import { Module } from '@nestjs/common';
import { IngestModule } from '@escucha/ingest';
import { ReportsController } from './reports.controller';
import { ReportsService } from './reports.service';

/** The daily report on demand; the worker sends it each morning (apps/worker/src/schedules/daily-report.job.ts). */
@Module({
  imports: [IngestModule],
  controllers: [ReportsController],
  providers: [ReportsService],
})
export class ReportsModule {}
