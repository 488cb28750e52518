import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, Matches } from 'class-validator';
import type { DailyReport } from '@escucha/core';

const DAY = /^\d{4}-\d{2}-\d{2}$/;

export class DailyReportQuery {
  @ApiPropertyOptional({ description: 'A local date (ALERTS_UTC_OFFSET_MINUTES); default: yesterday', example: '2026-11-29' })
  @IsOptional()
  @Matches(DAY, { message: 'day must be a date as YYYY-MM-DD' })
  day?: string;
}

export class SendDailyReportDto {
  @ApiPropertyOptional({ description: 'A local date; default: yesterday', example: '2026-11-29' })
  @IsOptional()
  @Matches(DAY, { message: 'day must be a date as YYYY-MM-DD' })
  day?: string;
}

export class DailyReportSentDto {
  @ApiProperty({ example: '2026-11-29' }) day!: string;
  @ApiProperty({ description: 'Who it goes to (REPORT_EMAIL_TO)' }) to!: string[];
}

export type DailyReportDto = DailyReport;
