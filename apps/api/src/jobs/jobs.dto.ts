import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, Max, Min } from 'class-validator';
import { QUEUE_NAMES, type QueueName } from '@escucha/core';

export class FailedJobsQuery {
  @ApiPropertyOptional({ enum: QUEUE_NAMES, default: 'ingest' })
  @IsOptional()
  @IsIn(QUEUE_NAMES, { message: `queue must be one of ${QUEUE_NAMES.join(', ')}` })
  queue?: QueueName;

  @ApiPropertyOptional({ default: 50, minimum: 1, maximum: 500 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(500)
  limit?: number;
}

export class FailedJobDto {
  @ApiProperty() id!: string;
  @ApiProperty({ enum: QUEUE_NAMES }) queue!: string;
  @ApiProperty() name!: string;
  @ApiProperty() attempts!: number;
  @ApiProperty() error!: string;
  @ApiProperty() failedAt!: Date;
}

export class QueueStatusDto {
  @ApiProperty({ enum: QUEUE_NAMES }) queue!: string;
  @ApiProperty() waiting!: number;
  @ApiProperty() active!: number;
  @ApiProperty() delayed!: number;
  @ApiProperty() failed!: number;
  @ApiProperty({ description: 'Seconds since the oldest job not yet finished (waiting, running or retrying) was added; 0 when none. Past INGEST_MAX_LAG_SECONDS, ingest refuses posts' })
  lagSeconds!: number;
  @ApiPropertyOptional({ description: 'Ingest only, while load shedding is on: INGEST_MAX_LAG_SECONDS' })
  maxLagSeconds?: number;
  @ApiPropertyOptional({ description: 'Ingest only, while load shedding is on: the posts API and webhook sources answer 503 INGEST_BEHIND now' })
  refusing?: boolean;
}
