import { Body, Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Audited } from '../audit/audited.decorator';
import { Roles } from '../auth/roles.decorator';
import { DailyReportQuery, DailyReportSentDto, SendDailyReportDto, type DailyReportDto } from './reports.dto';
import { ReportsService } from './reports.service';

@ApiTags('reports')
@ApiBearerAuth()
@Controller('api/v1/reports')
export class ReportsController {
  constructor(private readonly reports: ReportsService) {}

  /** One local day of the brand's conversation beside the day before: what the morning email says. */
  @Get('daily')
  daily(@Query() query: DailyReportQuery): Promise<DailyReportDto> {
    return this.reports.daily(query.day);
  }

  /** Sends a day's report to REPORT_EMAIL_TO now, as a queued job: to try the settings, or to send one again. */
  @Post('daily/send')
  @HttpCode(202)
  @Roles('admin')
  @Audited('report.send', { details: (r) => ({ day: (r.body as { day?: string } | undefined)?.day }) })
  send(@Body() body: SendDailyReportDto): Promise<DailyReportSentDto> {
    return this.reports.send(body.day);
  }
}
